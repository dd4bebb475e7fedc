package io.inferscope.jobs.common;

/**
 * Tumbling event-time window arithmetic shared by the lateness check at ingestion and the window
 * operators, so both agree on when a window is final: a window {@code [start, end)} is emitted when
 * the watermark reaches {@code end - 1 + allowedLateness}; a record whose window is already final
 * is late (the same rule as Flink's {@code WindowOperator#isWindowLate}).
 */
public final class EventWindows {
    private EventWindows() {}

    public static long start(long ts, long sizeMs) {
        return ts - Math.floorMod(ts, sizeMs);
    }

    /** The event time at which the window starting at {@code start} is final and emitted. */
    public static long fireTime(long start, long sizeMs, long allowedLatenessMs) {
        return start + sizeMs - 1 + allowedLatenessMs;
    }

    public static boolean isLate(long ts, long watermark, long sizeMs, long allowedLatenessMs) {
        return fireTime(start(ts, sizeMs), sizeMs, allowedLatenessMs) <= watermark;
    }
}
