package io.inferscope.simulator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A bounded uniform sample of a stream of values (Vitter's algorithm R) for approximate
 * percentiles: memory stays fixed however long the run, and below the capacity the percentiles are
 * exact. Thread-safe.
 */
final class Reservoir {

    private final double[] values;
    private final SplittableRandom random = new SplittableRandom(17);
    private long seen;

    Reservoir(int capacity) {
        this.values = new double[capacity];
    }

    synchronized void add(double value) {
        seen++;
        if (seen <= values.length) {
            values[(int) (seen - 1)] = value;
        } else {
            long slot = random.nextLong(seen);
            if (slot < values.length) {
                values[(int) slot] = value;
            }
        }
    }

    synchronized long count() {
        return seen;
    }

    synchronized void clear() {
        seen = 0;
    }

    /** The nearest-rank percentile, {@code q} in [0, 1]; NaN when empty. */
    double percentile(double q) {
        double[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(values, (int) Math.min(seen, values.length));
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
