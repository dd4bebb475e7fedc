package io.inferscope.logsearch;

/**
 * Where a line came from: a topic partition and offset. It is the line's identity in the index
 * ({@link #docId()}), so a replayed record replaces its earlier copy instead of adding a second
 * one, and the tie-breaker of the newest-first order.
 */
public record LogPosition(String topic, int partition, long offset) {

    public LogPosition {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0");
        }
    }

    /** {@code topic-partition-offset}. */
    public String docId() {
        return topic + "-" + partition + "-" + offset;
    }
}
