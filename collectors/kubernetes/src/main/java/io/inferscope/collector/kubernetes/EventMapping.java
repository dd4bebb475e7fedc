package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSeries;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.inferscope.schemas.K8sRecord;

/**
 * A core/v1 {@code Event} as a record body. Newer components write only {@code eventTime} and
 * {@code series} (the events.k8s.io/v1 fields mirrored into core/v1); older ones {@code
 * firstTimestamp}, {@code lastTimestamp} and {@code count}: both are read.
 */
public final class EventMapping {
    /** Messages are capped: a record stays small whatever a controller writes. */
    static final int MAX_MESSAGE_CHARS = 1024;

    private EventMapping() {}

    public static K8sRecord.Event body(Event e, String deployment) {
        ObjectReference ref = e.getInvolvedObject();
        EventSeries series = e.getSeries();
        Long eventTime = micro(e.getEventTime());
        Long first =
                Times.first(
                        Times.parse(e.getFirstTimestamp()),
                        eventTime,
                        Times.parse(e.getMetadata().getCreationTimestamp()));
        Long last =
                Times.first(
                        Times.parse(e.getLastTimestamp()),
                        series == null ? null : micro(series.getLastObservedTime()),
                        first);
        Integer count = e.getCount();
        if (count == null && series != null) {
            count = series.getCount();
        }
        return new K8sRecord.Event(
                text(e.getType(), "Normal"),
                text(e.getReason(), "Unknown"),
                cap(e.getMessage()),
                ref == null ? null : ref.getKind(),
                ref == null ? null : ref.getName(),
                ref == null ? null : ref.getUid(),
                deployment,
                count == null ? null : Math.max(0, count),
                first,
                last);
    }

    private static Long micro(MicroTime t) {
        return t == null ? null : Times.parse(t.getTime());
    }

    private static String text(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    private static String cap(String s) {
        return s == null || s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS);
    }
}
