package io.inferscope.jobs.cluster;

/**
 * The last occurrence count of one Kubernetes event object (a Flink POJO), so an aggregated event
 * whose {@code count} goes from 5 to 7 counts two occurrences, not one record. Forgotten when the
 * event is deleted or after {@code state-ttl} without an update.
 */
public final class EventSeen {
    public long count;
    public long tsMs;

    public EventSeen() {}

    static EventSeen of(long count, long tsMs) {
        EventSeen e = new EventSeen();
        e.count = count;
        e.tsMs = tsMs;
        return e;
    }
}
