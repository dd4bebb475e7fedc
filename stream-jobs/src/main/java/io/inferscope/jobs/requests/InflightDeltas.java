package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The +1/−1 in-flight changes of one group inside one window, in arrival order, as packed longs
 * (offset from the window start in the high 32 bits, the change in the low 32). {@link
 * WindowMetricsFunction} keeps one per open window, so closing a window takes exactly its own
 * changes (no scan over every pending change of the group), and a checkpoint copies and writes a
 * primitive array instead of a map entry per millisecond. Serialized by {@link
 * InflightDeltasSerializer}.
 */
@TypeInfo(InflightDeltas.TypeFactory.class)
public final class InflightDeltas {
    long[] entries;
    int size;

    public InflightDeltas() {
        this(new long[16], 0);
    }

    InflightDeltas(long[] entries, int size) {
        this.entries = entries;
        this.size = size;
    }

    /** Records {@code delta} at {@code offsetMs} after the window start (0 ≤ offset < 2³¹). */
    public void add(long offsetMs, int delta) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = (offsetMs << 32) | (delta & 0xffff_ffffL);
    }

    /** Appends every change of {@code other} (same window, so the same offsets). */
    public void addAll(InflightDeltas other) {
        if (size + other.size > entries.length) {
            entries = Arrays.copyOf(entries, Math.max(entries.length * 2, size + other.size));
        }
        System.arraycopy(other.entries, 0, entries, size, other.size);
        size += other.size;
    }

    /**
     * The concurrency over {@code [windowStart, windowEnd)} given the count at its start. Sorting
     * the packed entries orders them by time; several at the same millisecond are summed by the
     * sweep (none of them is held for any time on its own).
     */
    public InflightSweep sweep(int atStart, long windowStart, long windowEnd) {
        long[] sorted = Arrays.copyOf(entries, size);
        Arrays.sort(sorted);
        return InflightSweep.of(atStart, sorted, windowStart, windowEnd);
    }

    InflightDeltas copy() {
        return new InflightDeltas(Arrays.copyOf(entries, Math.max(size, 1)), size);
    }

    /** Lets Flink's type extraction pick {@link InflightDeltasSerializer}. */
    public static final class TypeFactory extends TypeInfoFactory<InflightDeltas> {
        @Override
        public TypeInformation<InflightDeltas> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(InflightDeltas.class, new InflightDeltasSerializer());
        }
    }
}
