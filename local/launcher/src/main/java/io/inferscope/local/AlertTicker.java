package io.inferscope.local;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The demo's alert lines: follows {@code inferscope.alerts} (read_committed) and prints one {@code
 * [alert] FIRING ...} or {@code [alert] RESOLVED ...} line per state change of a fingerprint, with
 * the value, the threshold, the summary and the first piece of evidence. The periodic re-emits of a
 * firing alert (for Alertmanager) print nothing.
 */
final class AlertTicker implements Runnable, AutoCloseable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Properties props;
    private final PrintWriter out;
    private final RecordCodec<Alert> codec = Topics.ALERTS.codec();
    private final Map<String, Alert.Status> last = new HashMap<>();
    private volatile boolean running = true;

    AlertTicker(Properties kafka, PrintWriter out) {
        this.props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.out = out;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            // No consumer group: the ticker reads the whole topic each demo, like the summary.
            consumer.assign(
                    consumer.partitionsFor(Topics.ALERTS.name()).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Alert a;
                    try {
                        a = codec.decode(r.value());
                    } catch (DecodeException e) {
                        continue; // the console counts undecodable alerts; here they are noise
                    }
                    if (last.put(a.fingerprint(), a.status()) != a.status()) {
                        print(line(a));
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // closing
        }
    }

    static String line(Alert a) {
        boolean firing = a.status() == Alert.Status.FIRING;
        String group =
                a.labels().entrySet().stream()
                        .filter(
                                e ->
                                        !e.getKey().equals("alertname")
                                                && !e.getKey().equals("severity"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","));
        StringBuilder b = new StringBuilder("[alert] ");
        b.append(firing ? "FIRING   " : "RESOLVED ")
                .append(a.rule())
                .append(" (")
                .append(a.severity().wire())
                .append(") ")
                .append(group);
        if (a.value() != null) {
            b.append(String.format(Locale.ROOT, " value=%.4g", a.value()));
        }
        if (a.threshold() != null) {
            b.append(String.format(Locale.ROOT, " threshold=%.4g", a.threshold()));
        }
        String summary = a.annotations().get("summary");
        if (firing && summary != null) {
            b.append(" — ").append(summary);
        }
        if (firing && !a.evidence().isEmpty()) {
            Alert.Evidence e = a.evidence().get(0);
            b.append(" | evidence: ")
                    .append(e.source())
                    .append(e.reason() == null ? "" : " " + e.reason())
                    .append(e.object() == null ? "" : " " + e.object());
        }
        // Event time the alert starts (or ends) at, and the wall time it reached this terminal:
        // the gap from an incident's [incident] line to "seen" is the detection latency.
        long at = firing ? a.startsAtMs() : a.endsAtMs();
        b.append(" (")
                .append(firing ? "since " : "at ")
                .append(TIME.format(Instant.ofEpochMilli(at)))
                .append(", seen ")
                .append(TIME.format(Instant.now()))
                .append(")");
        return b.toString();
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
