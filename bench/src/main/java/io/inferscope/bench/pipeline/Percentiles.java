package io.inferscope.bench.pipeline;

import java.util.Arrays;

/** Nearest-rank percentiles of a small sample (exact: the benchmark keeps every value). */
final class Percentiles {
    private Percentiles() {}

    /**
     * The smallest value with at least {@code p} % of the values at or below it (nearest rank, so
     * the answer is always one of the values: p99 of 20 samples is the largest).
     *
     * @throws IllegalArgumentException when there are no values or p is outside (0, 100]
     */
    static long nearestRank(long[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }
}
