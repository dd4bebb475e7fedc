package io.inferscope.jobs.requests;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes {@link InflightDeltas} as a count and the packed entries, in one buffered write. */
public final class InflightDeltasSerializer extends TypeSerializerSingleton<InflightDeltas> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public InflightDeltas createInstance() {
        return new InflightDeltas();
    }

    @Override
    public InflightDeltas copy(InflightDeltas from) {
        return from == null ? null : from.copy();
    }

    @Override
    public InflightDeltas copy(InflightDeltas from, InflightDeltas reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(InflightDeltas d, DataOutputView out) throws IOException {
        CompactIo.buffered(d, out, InflightDeltasSerializer::write);
    }

    private static void write(InflightDeltas d, DataOutputView out) throws IOException {
        out.writeInt(d.size);
        for (int i = 0; i < d.size; i++) {
            out.writeLong(d.entries[i]);
        }
    }

    @Override
    public InflightDeltas deserialize(DataInputView in) throws IOException {
        int size = in.readInt();
        long[] entries = new long[Math.max(size, 16)];
        for (int i = 0; i < size; i++) {
            entries[i] = in.readLong();
        }
        return new InflightDeltas(entries, size);
    }

    @Override
    public InflightDeltas deserialize(InflightDeltas reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<InflightDeltas> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer on a savepoint restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<InflightDeltas> {
        public Snapshot() {
            super(InflightDeltasSerializer::new);
        }
    }
}
