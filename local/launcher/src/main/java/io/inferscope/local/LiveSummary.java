package io.inferscope.local;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.Quantiles;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The demo's live terminal summary: follows {@code inferscope.metrics.requests} (read_committed, so
 * only windows the job has committed) and prints one block per 10 s window — per deployment and
 * model, then per replica — as the windows arrive.
 */
final class LiveSummary implements Runnable, AutoCloseable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String HEADER =
            String.format(
                    Locale.ROOT,
                    "  %-44s %6s %6s %9s %15s %9s %9s %8s%n  (rps: arrivals per second; on replica rows, finishes per second. inflight: end/max)",
                    "group",
                    "rps",
                    "err%",
                    "inflight",
                    "ttft p50/p99",
                    "queue p90",
                    "e2e p99",
                    "tok/s");

    private final Properties props;
    private final PrintWriter out;
    private final List<RequestMetrics> pending = new ArrayList<>();
    private volatile boolean running = true;
    private long pendingWindowEnd;
    private long lastArrivalNanos;
    private int windowsPrinted;

    LiveSummary(Properties clientProps, PrintWriter out) {
        this.props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.out = out;
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
            consumer.partitionsFor(Topics.METRICS_REQUESTS.name())
                    .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(parts);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r.value());
                }
                if (!pending.isEmpty() && System.nanoTime() - lastArrivalNanos > 700_000_000L) {
                    flush();
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(byte[] value) {
        RequestMetrics m;
        try {
            m = Topics.METRICS_REQUESTS.codec().decode(value);
        } catch (DecodeException e) {
            return; // tail shows bad records; the summary only shows good windows
        }
        if (m.windowS() != 10) {
            return; // rollups (1 min, 5 min) are on the topic for consumers; the summary is live
        }
        if (!pending.isEmpty() && m.windowEndMs() != pendingWindowEnd) {
            flush();
        }
        pendingWindowEnd = m.windowEndMs();
        pending.add(m);
        lastArrivalNanos = System.nanoTime();
    }

    private void flush() {
        pending.sort(
                Comparator.comparing((RequestMetrics m) -> m.scope() == Scope.REPLICA)
                        .thenComparing(m -> String.valueOf(m.labels().replica())));
        RequestMetrics first = pending.get(0);
        out.printf(
                Locale.ROOT,
                "%nwindow %s–%s%n%s%n",
                TIME.format(Instant.ofEpochMilli(first.windowStartMs())),
                TIME.format(Instant.ofEpochMilli(first.windowEndMs())),
                HEADER);
        for (RequestMetrics m : pending) {
            out.println(row(m));
        }
        out.flush();
        pending.clear();
        windowsPrinted++;
    }

    static String row(RequestMetrics m) {
        boolean replica = m.scope() == Scope.REPLICA;
        String group =
                replica
                        ? "  replica " + m.labels().replica()
                        : m.labels().deployment() + " / " + m.labels().model();
        // The gateway picks the replica after arrival (start records carry no replica), so a
        // replica row shows finishes per second and no in-flight figure.
        return String.format(
                Locale.ROOT,
                "  %-44s %6.1f %6.1f %9s %15s %9s %9s %8.0f",
                truncate(group, 44),
                replica ? m.finishRps() : m.rps(),
                100 * m.errorRate(),
                replica ? "" : m.inflightEnd() + "/" + m.inflightMax(),
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

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    @Override
    public void close() {
        running = false;
    }
}
