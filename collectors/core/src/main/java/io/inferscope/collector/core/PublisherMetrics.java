package io.inferscope.collector.core;

import java.util.Map;

/**
 * A snapshot of a publisher's self-metrics.
 *
 * @param published records offered to {@code publish} (accepted or not)
 * @param sent records acknowledged by Kafka (directly or from the spool)
 * @param spooled records written to the on-disk spool
 * @param replayed records acknowledged by Kafka after a stay in the spool (a subset of sent)
 * @param resent records the Kafka producer gave up on after it had taken them (fatal producer
 *     error, forced close, a bounded {@code delivery.timeout.ms}), to be sent again: each may
 *     arrive twice. Zero means no record was duplicated by the publisher
 * @param dropped records dropped, by reason
 * @param errors failed send attempts and spool I/O errors (a record may fail more than once)
 * @param queueDepth records waiting in the in-memory queue
 * @param queueCapacity the queue's bound
 * @param inFlight records handed to the Kafka producer and not yet acknowledged
 * @param spoolBytes bytes in spool segments
 * @param spoolSegments spool segment files
 * @param spooling true while records go to the spool (Kafka unreachable or being caught up)
 */
public record PublisherMetrics(
        long published,
        long sent,
        long spooled,
        long replayed,
        long resent,
        Map<DropReason, Long> dropped,
        long errors,
        int queueDepth,
        int queueCapacity,
        long inFlight,
        long spoolBytes,
        int spoolSegments,
        boolean spooling) {

    public static final String PREFIX = "inferscope_collector_";

    public PublisherMetrics {
        dropped = Map.copyOf(dropped);
    }

    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Writes these metrics (names prefixed {@value #PREFIX}). */
    public void writeTo(PrometheusWriter w) {
        w.counter(PREFIX + "records_published_total", "Records offered to the publisher.")
                .sample(published);
        w.counter(PREFIX + "records_sent_total", "Records acknowledged by Kafka.").sample(sent);
        w.counter(PREFIX + "records_spooled_total", "Records written to the on-disk spool.")
                .sample(spooled);
        w.counter(
                        PREFIX + "records_replayed_total",
                        "Records acknowledged by Kafka after a stay in the spool.")
                .sample(replayed);
        w.counter(
                        PREFIX + "records_resent_total",
                        "Records sent again after the Kafka producer gave up on them once it had"
                                + " taken them; each may have arrived twice.")
                .sample(resent);
        w.counter(PREFIX + "records_dropped_total", "Records dropped, by reason.");
        for (DropReason r : DropReason.values()) {
            w.sample(dropped(r), "reason", r.label());
        }
        w.counter(PREFIX + "errors_total", "Failed send attempts and spool I/O errors.")
                .sample(errors);
        w.gauge(PREFIX + "queue_depth", "Records waiting in the in-memory queue.")
                .sample(queueDepth);
        w.gauge(PREFIX + "queue_capacity", "Bound of the in-memory queue.").sample(queueCapacity);
        w.gauge(PREFIX + "in_flight_records", "Records sent to Kafka and not yet acknowledged.")
                .sample(inFlight);
        w.gauge(PREFIX + "spool_bytes", "Bytes in on-disk spool segments.").sample(spoolBytes);
        w.gauge(PREFIX + "spool_segments", "On-disk spool segment files.").sample(spoolSegments);
        w.gauge(
                        PREFIX + "kafka_connected",
                        "1 when records go straight to Kafka, 0 while they are spooled.")
                .sample(spooling ? 0 : 1);
    }
}
