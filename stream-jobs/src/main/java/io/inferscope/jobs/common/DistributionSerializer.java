package io.inferscope.jobs.common;

import io.inferscope.schemas.sketch.QuantileSketches;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a {@link Distribution} as count, sum, min, max and the sketch's protobuf bytes. */
public final class DistributionSerializer extends TypeSerializerSingleton<Distribution> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Distribution createInstance() {
        return new Distribution();
    }

    @Override
    public Distribution copy(Distribution from) {
        return from == null ? null : from.copy();
    }

    @Override
    public Distribution copy(Distribution from, Distribution reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Distribution d, DataOutputView out) throws IOException {
        out.writeLong(d.count());
        out.writeDouble(d.sum());
        out.writeDouble(d.min());
        out.writeDouble(d.max());
        byte[] bytes = QuantileSketches.toBytes(d.sketch());
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public Distribution deserialize(DataInputView in) throws IOException {
        long count = in.readLong();
        double sum = in.readDouble();
        double min = in.readDouble();
        double max = in.readDouble();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        try {
            return new Distribution(QuantileSketches.fromBytes(bytes), count, sum, min, max);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot restore a distribution: " + e.getMessage(), e);
        }
    }

    @Override
    public Distribution deserialize(Distribution reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        out.write(in, 8 * 4);
        int length = in.readInt();
        out.writeInt(length);
        out.write(in, length);
    }

    @Override
    public TypeSerializerSnapshot<Distribution> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer on a savepoint restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Distribution> {
        public Snapshot() {
            super(DistributionSerializer::new);
        }
    }
}
