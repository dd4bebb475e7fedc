package io.inferscope.jobs.common;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.inferscope.schemas.Quantiles;
import io.inferscope.schemas.sketch.QuantilesBuilder;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A mergeable distribution in Flink state: the contract's {@link QuantilesBuilder} (DDSketch for
 * the quantiles plus exact count, sum, min and max) given a Flink type. Mutable; not thread-safe.
 * Flink state holds it through {@link DistributionSerializer} (the {@link TypeInfo} below), so a
 * POJO field of this type needs no Kryo. No options.
 */
@TypeInfo(Distribution.TypeFactory.class)
public final class Distribution {
    private final QuantilesBuilder builder;

    public Distribution() {
        this(new QuantilesBuilder());
    }

    Distribution(DDSketch sketch, long count, double sum, double min, double max) {
        this(new QuantilesBuilder(sketch, count, sum, min, max));
    }

    private Distribution(QuantilesBuilder builder) {
        this.builder = builder;
    }

    /** Adds one sample; callers pass finite values >= 0 (the contract checks them). */
    public void add(double value) {
        builder.add(value);
    }

    public void merge(Distribution other) {
        builder.merge(other.builder);
    }

    /** Merges a summary read from a derived record: its sketch, and its exact statistics. */
    public void merge(Quantiles q) {
        builder.merge(q);
    }

    public long count() {
        return builder.count();
    }

    double sum() {
        return builder.sum();
    }

    double min() {
        return builder.min();
    }

    double max() {
        return builder.max();
    }

    DDSketch sketch() {
        return builder.sketch();
    }

    public Distribution copy() {
        return new Distribution(builder.copy());
    }

    /** The summary for a derived record; see {@link QuantilesBuilder#build()}. */
    public Quantiles toQuantiles() {
        return builder.build();
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
