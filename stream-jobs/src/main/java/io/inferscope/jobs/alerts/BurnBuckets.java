package io.inferscope.jobs.alerts;

import java.util.Map;
import java.util.TreeMap;

/**
 * Good and total request counts of one burn-rate group, bounded by the longest window: 10 s windows
 * as they come (keyed by window end) for windows up to an hour, and coarser buckets (at most ~1,000
 * over the longest window, whole minutes) for the long windows of the slow tiers. A window put
 * twice (a replayed record) replaces itself instead of counting twice.
 */
public final class BurnBuckets {
    static final long FINE_SPAN_MS = 3_600_000L;

    public TreeMap<Long, long[]> fine = new TreeMap<>();
    public TreeMap<Long, long[]> coarse = new TreeMap<>();
    public long coarseMs;

    public BurnBuckets() {}

    static BurnBuckets forLongest(long longestMs) {
        BurnBuckets b = new BurnBuckets();
        long perBucket = Math.max(60_000L, longestMs / 1000);
        b.coarseMs = (perBucket + 59_999L) / 60_000L * 60_000L;
        return b;
    }

    void put(long end, long good, long total, long longestMs) {
        long[] old = fine.put(end, new long[] {good, total});
        if (longestMs > FINE_SPAN_MS) {
            long bucket = (end + coarseMs - 1) / coarseMs * coarseMs;
            long[] c = coarse.computeIfAbsent(bucket, k -> new long[2]);
            c[0] += good - (old == null ? 0 : old[0]);
            c[1] += total - (old == null ? 0 : old[1]);
        }
        fine.headMap(end - Math.min(longestMs, FINE_SPAN_MS), true).clear();
        coarse.headMap(end - longestMs - coarseMs, true).clear();
    }

    /**
     * The burn rate over {@code (now - windowMs, now]}: the error ratio ÷ the error budget ({@code
     * 1 - objective}); 0 without traffic.
     */
    double burnRate(long now, long windowMs, double objective) {
        TreeMap<Long, long[]> source = windowMs <= FINE_SPAN_MS ? fine : coarse;
        long good = 0;
        long total = 0;
        for (Map.Entry<Long, long[]> e :
                source.subMap(now - windowMs, false, now, true).entrySet()) {
            good += e.getValue()[0];
            total += e.getValue()[1];
        }
        if (total == 0) {
            return 0;
        }
        double errorRatio = Math.max(0, total - good) / (double) total;
        return errorRatio / (1 - objective);
    }
}
