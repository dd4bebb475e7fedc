package io.inferscope.jobs.requests;

import java.util.Map;
import java.util.SortedMap;

/**
 * Concurrency over one window from the in-flight count at its start and the net +1/−1 changes
 * inside it, in event-time order. Requests are in flight on the half-open interval [start, end):
 * one that ends in the same millisecond another starts does not overlap it.
 *
 * @param max the highest count held for any time inside the window
 * @param mean the time-weighted mean count over the whole window
 * @param end the count at the end of the window (carried into the next one)
 */
public record InflightSweep(int max, double mean, int end) {

    /**
     * @param atStart the count just before {@code windowStart}
     * @param deltas net change per millisecond, all inside [windowStart, windowEnd)
     */
    public static InflightSweep of(
            int atStart, SortedMap<Long, Integer> deltas, long windowStart, long windowEnd) {
        long prev = windowStart;
        int current = atStart;
        int max = Integer.MIN_VALUE;
        double area = 0;
        for (Map.Entry<Long, Integer> e : deltas.entrySet()) {
            long t = e.getKey();
            if (t > prev) {
                area += (double) current * (t - prev);
                max = Math.max(max, current);
            }
            current += e.getValue();
            prev = t;
        }
        area += (double) current * (windowEnd - prev);
        max = Math.max(max, current);
        return clamped(max, area, current, windowStart, windowEnd);
    }

    /**
     * The same from packed changes sorted by time (see {@link InflightDeltas}): offset from {@code
     * windowStart} in the high 32 bits, the change in the low 32.
     */
    static InflightSweep of(int atStart, long[] sorted, long windowStart, long windowEnd) {
        long prev = windowStart;
        int current = atStart;
        int max = Integer.MIN_VALUE;
        double area = 0;
        for (long packed : sorted) {
            long t = windowStart + (packed >>> 32);
            if (t > prev) {
                area += (double) current * (t - prev);
                max = Math.max(max, current);
            }
            current += (int) packed;
            prev = t;
        }
        area += (double) current * (windowEnd - prev);
        max = Math.max(max, current);
        return clamped(max, area, current, windowStart, windowEnd);
    }

    /**
     * Never negative by construction (each -1 follows its +1); clamped so a bug cannot emit a
     * record that breaks the contract.
     */
    private static InflightSweep clamped(
            int max, double area, int current, long windowStart, long windowEnd) {
        return new InflightSweep(
                Math.max(0, max),
                Math.max(0, area / (windowEnd - windowStart)),
                Math.max(0, current));
    }
}
