package io.inferscope.local;

import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.Quantiles;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.TopicSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The demo's live terminal summary: follows {@code inferscope.metrics.requests}, {@code .gpu} and
 * {@code .cluster} (read_committed, so only windows the jobs have committed) and prints one block
 * per 10 s window: request rows per deployment and model, then per replica; a row per GPU; the
 * cluster row of the deployment. Each job commits on its own schedule, so a window's block waits
 * until every followed topic has delivered it (or {@link #WAIT_FOR_ALL_MS} passed).
 */
final class LiveSummary implements Runnable, AutoCloseable {
    /** How long a window waits for the topics that have not delivered it yet. */
    static final long WAIT_FOR_ALL_MS = 8_000;

    private static final long QUIET_MS = 700;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String HEADER =
            String.format(
                    Locale.ROOT,
                    "  %-44s %6s %6s %9s %15s %9s %9s %8s%n  (rps: arrivals per second, on a replica row those dispatched to it. inflight: end/max)",
                    "group",
                    "rps",
                    "err%",
                    "inflight",
                    "ttft p50/p99",
                    "queue p90",
                    "e2e p99",
                    "tok/s");

    /** One window's rows as they arrive from the topics. */
    private static final class Block {
        final long startMs;
        final List<RequestMetrics> requests = new ArrayList<>();
        final List<GpuMetrics> gpus = new ArrayList<>();
        final List<ClusterMetrics> clusters = new ArrayList<>();
        final Set<String> topics = new HashSet<>();
        final long firstNanos = System.nanoTime();
        long lastNanos = firstNanos;

        Block(long startMs) {
            this.startMs = startMs;
        }
    }

    private final Properties props;
    private final PrintWriter out;
    private final Map<String, TopicSpec<?>> followed = new LinkedHashMap<>();
    private final TreeMap<Long, Block> blocks = new TreeMap<>();
    private volatile boolean running = true;
    private long lastPrintedEnd;
    private int windowsPrinted;

    LiveSummary(Properties clientProps, PrintWriter out, List<TopicSpec<?>> topics) {
        this.props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.out = out;
        topics.forEach(t -> followed.put(t.name(), t));
    }

    int windowsPrinted() {
        return windowsPrinted;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : followed.keySet()) {
                consumer.partitionsFor(topic)
                        .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(parts);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    accept(r.topic(), r.value());
                }
                flushReady();
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(String topic, byte[] value) {
        Object record;
        try {
            record = followed.get(topic).codec().decode(value);
        } catch (DecodeException e) {
            return; // tail shows bad records; the summary only shows good windows
        }
        if (record instanceof RequestMetrics m && m.windowS() == 10) {
            block(m.windowStartMs(), m.windowEndMs(), topic).requests.add(m);
        } else if (record instanceof GpuMetrics m && m.windowS() == 10) {
            // Per GPU only; the node and deployment rollups are on the topic for consumers.
            Block b = block(m.windowStartMs(), m.windowEndMs(), topic);
            if (m.scope() == Scope.GPU) {
                b.gpus.add(m);
            }
        } else if (record instanceof ClusterMetrics m && m.windowS() == 10) {
            block(m.windowStartMs(), m.windowEndMs(), topic).clusters.add(m);
        }
        // Rollups (1 min, 5 min) are on the topics for consumers; the summary is live.
    }

    private Block block(long startMs, long endMs, String topic) {
        Block b = blocks.computeIfAbsent(endMs, e -> new Block(startMs));
        b.topics.add(topic);
        b.lastNanos = System.nanoTime();
        return b;
    }

    /**
     * Prints complete windows, oldest first; a window still missing a topic holds back later ones.
     */
    private void flushReady() {
        long now = System.nanoTime();
        while (!blocks.isEmpty()) {
            Map.Entry<Long, Block> first = blocks.firstEntry();
            Block b = first.getValue();
            boolean complete = b.topics.containsAll(followed.keySet());
            boolean quiet = now - b.lastNanos > QUIET_MS * 1_000_000;
            boolean waitedEnough = now - b.firstNanos > WAIT_FOR_ALL_MS * 1_000_000;
            if (!(quiet && (complete || waitedEnough))) {
                return;
            }
            blocks.pollFirstEntry();
            print(first.getKey(), b);
        }
    }

    private void print(long endMs, Block b) {
        boolean late = endMs <= lastPrintedEnd;
        synchronized (out) {
            out.printf(
                    Locale.ROOT,
                    "%nwindow %s–%s%s%n",
                    TIME.format(Instant.ofEpochMilli(b.startMs)),
                    TIME.format(Instant.ofEpochMilli(endMs)),
                    late ? " (late rows)" : "");
            if (!b.requests.isEmpty()) {
                b.requests.sort(
                        Comparator.comparing((RequestMetrics m) -> m.scope() == Scope.REPLICA)
                                .thenComparing(m -> String.valueOf(m.labels().replica())));
                out.println(HEADER);
                b.requests.forEach(m -> out.println(row(m)));
            }
            if (!b.gpus.isEmpty()) {
                b.gpus.sort(
                        Comparator.comparing(
                                (GpuMetrics m) -> String.valueOf(m.labels().replica())));
                out.println(SummaryRows.GPU_HEADER);
                b.gpus.forEach(m -> out.println(SummaryRows.gpu(m)));
            }
            b.clusters.forEach(m -> out.println(SummaryRows.cluster(m)));
            out.flush();
        }
        lastPrintedEnd = Math.max(lastPrintedEnd, endMs);
        windowsPrinted++;
    }

    static String row(RequestMetrics m) {
        boolean replica = m.scope() == Scope.REPLICA;
        String group =
                replica
                        ? "  replica " + m.labels().replica()
                        : m.labels().deployment() + " / " + m.labels().model();
        // A replica row counts the requests dispatched to that replica: the start record names it
        // when the gateway dispatched at once, a dispatch record when the request waited first.
        return String.format(
                Locale.ROOT,
                "  %-44s %6.1f %6.1f %9s %15s %9s %9s %8.0f",
                SummaryRows.truncate(group, 44),
                m.rps(),
                100 * m.errorRate(),
                m.inflightEnd() + "/" + m.inflightMax(),
                ms(m.ttftMs(), Quantiles::p50) + "/" + ms(m.ttftMs(), Quantiles::p99),
                ms(m.queueMs(), Quantiles::p90),
                ms(m.e2eMs(), Quantiles::p99),
                m.completionTps());
    }

    private static String ms(Quantiles q, java.util.function.Function<Quantiles, Double> f) {
        if (q == null || q.count() == 0 || f.apply(q) == null) {
            return "-";
        }
        double v = f.apply(q);
        return v >= 10_000
                ? String.format(Locale.ROOT, "%.1fs", v / 1000)
                : String.format(Locale.ROOT, "%.0fms", v);
    }

    @Override
    public void close() {
        running = false;
    }
}
