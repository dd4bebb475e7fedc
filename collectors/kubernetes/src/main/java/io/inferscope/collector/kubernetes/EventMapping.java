package io.inferscope.collector.kubernetes;

import io.inferscope.schemas.K8sRecord;

/**
 * A core/v1 {@code Event} as a record body. Newer components write only {@code eventTime} and
 * {@code series} (the events.k8s.io/v1 fields mirrored into core/v1); older ones {@code
 * firstTimestamp}, {@code lastTimestamp} and {@code count}: both are read.
 */
final class EventMapping {
    /** Messages are capped: a record stays small whatever a controller writes. */
    static final int MAX_MESSAGE_CHARS = 1024;

    private EventMapping() {}

    static K8sRecord.Event body(EventView e, String deployment) {
        EventView.Ref ref = e.getInvolvedObject();
        EventView.Series series = e.getSeries();
        Long eventTime = Times.parse(e.getEventTime());
        Long first =
                Times.first(
                        Times.parse(e.getFirstTimestamp()),
                        eventTime,
                        Times.parse(e.getMetadata().getCreationTimestamp()));
        Long last =
                Times.first(
                        Times.parse(e.getLastTimestamp()),
                        series == null ? null : Times.parse(series.lastObservedTime()),
                        first);
        Integer count = e.getCount();
        if (count == null && series != null) {
            count = series.count();
        }
        return new K8sRecord.Event(
                text(e.getType(), "Normal"),
                text(e.getReason(), "Unknown"),
                cap(e.getMessage()),
                ref == null ? null : ref.kind(),
                ref == null ? null : ref.name(),
                ref == null ? null : ref.uid(),
                deployment,
                count == null ? null : Math.max(0, count),
                first,
                last);
    }

    private static String text(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    private static String cap(String s) {
        return s == null || s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS);
    }
}
