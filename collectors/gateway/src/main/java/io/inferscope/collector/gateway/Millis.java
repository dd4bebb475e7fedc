package io.inferscope.collector.gateway;

/** Durations on the monotonic clock, as the millisecond doubles the records carry. */
final class Millis {
    private Millis() {}

    /** Milliseconds from {@code fromNanos} to {@code toNanos}, at microsecond resolution. */
    static double between(long fromNanos, long toNanos) {
        long micros = Math.max(0L, toNanos - fromNanos) / 1_000L;
        return micros / 1_000.0;
    }
}
