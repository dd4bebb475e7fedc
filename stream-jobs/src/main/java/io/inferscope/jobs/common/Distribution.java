package io.inferscope.jobs.common;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.inferscope.schemas.Quantiles;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A mergeable distribution: a {@link Sketches} DDSketch for the quantiles plus exact count, sum,
 * min and max (the sketch alone would give them only within 1 %). Mutable; not thread-safe. Flink
 * state holds it through {@link DistributionSerializer} (the {@link TypeInfo} below), so a POJO
 * field of this type needs no Kryo.
 */
@TypeInfo(Distribution.TypeFactory.class)
public final class Distribution {
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};

    private final DDSketch sketch;
    private long count;
    private double sum;
    private double min;
    private double max;

    public Distribution() {
        this(Sketches.create(), 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    Distribution(DDSketch sketch, long count, double sum, double min, double max) {
        this.sketch = sketch;
        this.count = count;
        this.sum = sum;
        this.min = min;
        this.max = max;
    }

    /** Adds one sample; callers pass finite values >= 0 (the contract checks them). */
    public void add(double value) {
        sketch.accept(Math.min(value, Sketches.MAX_SKETCH_VALUE));
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public void merge(Distribution other) {
        if (other.count == 0) {
            return;
        }
        Sketches.merge(sketch, other.sketch);
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** Merges a summary read from a derived record: its sketch, and its exact statistics. */
    public void merge(Quantiles q) {
        if (q == null || q.count() == 0) {
            return;
        }
        if (q.sketch() != null) {
            sketch.mergeWith(Sketches.fromBase64(q.sketch()));
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

    double sum() {
        return sum;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    DDSketch sketch() {
        return sketch;
    }

    public Distribution copy() {
        return new Distribution(sketch.copy(), count, sum, min, max);
    }

    /**
     * The summary for a derived record: exact count/mean/min/max, p50..p99 from the sketch (kept
     * within [min, max], which only makes them closer to the truth), and the sketch in base64.
     */
    public Quantiles toQuantiles() {
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
                Sketches.toBase64(sketch));
    }

    private double clamp(double v) {
        return Math.max(min, Math.min(max, v));
    }

    /** Lets Flink's type extraction pick {@link DistributionSerializer}. */
    public static final class TypeFactory extends TypeInfoFactory<Distribution> {
        @Override
        public TypeInformation<Distribution> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(Distribution.class, new DistributionSerializer());
        }
    }
}
