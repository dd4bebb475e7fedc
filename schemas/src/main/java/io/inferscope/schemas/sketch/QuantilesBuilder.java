package io.inferscope.schemas.sketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.inferscope.schemas.Quantiles;

/**
 * Builds a {@link Quantiles} summary: a {@link QuantileSketches} sketch for the quantiles plus
 * exact count, sum, min and max (the sketch alone would give them only within 1 %). Mergeable with
 * other builders and with summaries read from derived records. Mutable; not thread-safe. No
 * options.
 */
public final class QuantilesBuilder {
    /**
     * Samples above this (1e9 ms, 11.6 days) enter the sketch at this value: a garbage duration of
     * 1e300 would otherwise make the sketch throw (beyond its range) or collapse every real latency
     * into its lowest bin. Exact max and mean still see the real value.
     */
    public static final double MAX_SKETCH_VALUE = 1e9;

    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};

    private final DDSketch sketch;
    private long count;
    private double sum;
    private double min;
    private double max;

    public QuantilesBuilder() {
        this(
                QuantileSketches.newSketch(),
                0,
                0,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY);
    }

    /**
     * Restores a builder from its parts (as a state serializer wrote them); {@code sketch} must
     * come from {@link QuantileSketches}.
     */
    public QuantilesBuilder(DDSketch sketch, long count, double sum, double min, double max) {
        this.sketch = sketch;
        this.count = count;
        this.sum = sum;
        this.min = min;
        this.max = max;
    }

    /** Adds one sample; callers pass finite values >= 0 (the contract checks them). */
    public void add(double value) {
        sketch.accept(Math.min(value, MAX_SKETCH_VALUE));
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public void merge(QuantilesBuilder other) {
        if (other.count == 0) {
            return;
        }
        sketch.mergeWith(other.sketch);
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /**
     * Merges a summary read from a derived record: its sketch, and its exact statistics.
     *
     * @throws SketchFormatException if its sketch cannot be read
     */
    public void merge(Quantiles q) {
        if (q == null || q.count() == 0) {
            return;
        }
        if (q.sketch() != null) {
            sketch.mergeWith(QuantileSketches.decode(q.sketch()));
        }
        count += q.count();
        sum += q.mean() == null ? 0 : q.mean() * q.count();
        if (q.min() != null) {
            min = Math.min(min, q.min());
        }
        if (q.max() != null) {
            max = Math.max(max, q.max());
        }
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** The live sketch (not a copy). */
    public DDSketch sketch() {
        return sketch;
    }

    public QuantilesBuilder copy() {
        return new QuantilesBuilder(sketch.copy(), count, sum, min, max);
    }

    /**
     * The summary for a derived record: exact count/mean/min/max, p50..p99 from the sketch (kept
     * within [min, max], which only makes them closer to the truth), and the sketch in base64.
     */
    public Quantiles build() {
        if (count == 0) {
            return new Quantiles(0, null, null, null, null, null, null, null, null);
        }
        double[] q = sketch.getValuesAtQuantiles(QUANTILES);
        return new Quantiles(
                count,
                sum / count,
                min,
                max,
                clamp(q[0]),
                clamp(q[1]),
                clamp(q[2]),
                clamp(q[3]),
                QuantileSketches.encode(sketch));
    }

    private double clamp(double v) {
        return Math.max(min, Math.min(max, v));
    }
}
