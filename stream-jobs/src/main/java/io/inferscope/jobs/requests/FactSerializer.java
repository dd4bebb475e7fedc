package io.inferscope.jobs.requests;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link Fact} field by field, in a fixed order, with no per-field reflection and strings
 * as bulk UTF-8 (see {@link CompactIo}). A fact waiting in {@link RequestState} (the end's tokens)
 * is written with the request's state at every checkpoint.
 */
public final class FactSerializer extends TypeSerializerSingleton<Fact> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Fact createInstance() {
        return new Fact();
    }

    @Override
    public Fact copy(Fact from) {
        return from == null ? null : from.copy();
    }

    @Override
    public Fact copy(Fact from, Fact reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Fact f, DataOutputView out) throws IOException {
        CompactIo.buffered(f, out, FactSerializer::write);
    }

    private static void write(Fact f, DataOutputView out) throws IOException {
        out.writeLong(f.ts);
        CompactIo.writeString(f.cluster, out);
        CompactIo.writeString(f.namespace, out);
        CompactIo.writeString(f.deployment, out);
        CompactIo.writeString(f.model, out);
        CompactIo.writeString(f.replica, out);
        CompactIo.writeString(f.node, out);
        out.writeInt(f.arrivals);
        out.writeInt(f.inflightDelta);
        out.writeInt(f.finishes);
        CompactIo.writeString(f.errorClass, out);
        out.writeBoolean(f.good);
        out.writeBoolean(f.replicaOnly);
        CompactIo.writeDouble(f.e2eMs, out);
        CompactIo.writeDouble(f.ttftMs, out);
        CompactIo.writeDouble(f.queueMs, out);
        CompactIo.writeDouble(f.generationMs, out);
        CompactIo.writeDouble(f.tpotMs, out);
        out.writeLong(f.promptTokens);
        out.writeLong(f.completionTokens);
        if (f.itlMs == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(f.itlMs.length);
            for (double gap : f.itlMs) {
                out.writeDouble(gap);
            }
        }
    }

    @Override
    public Fact deserialize(DataInputView in) throws IOException {
        Fact f = new Fact();
        f.ts = in.readLong();
        f.cluster = CompactIo.readString(in);
        f.namespace = CompactIo.readString(in);
        f.deployment = CompactIo.readString(in);
        f.model = CompactIo.readString(in);
        f.replica = CompactIo.readString(in);
        f.node = CompactIo.readString(in);
        f.arrivals = in.readInt();
        f.inflightDelta = in.readInt();
        f.finishes = in.readInt();
        f.errorClass = CompactIo.readString(in);
        f.good = in.readBoolean();
        f.replicaOnly = in.readBoolean();
        f.e2eMs = CompactIo.readDouble(in);
        f.ttftMs = CompactIo.readDouble(in);
        f.queueMs = CompactIo.readDouble(in);
        f.generationMs = CompactIo.readDouble(in);
        f.tpotMs = CompactIo.readDouble(in);
        f.promptTokens = in.readLong();
        f.completionTokens = in.readLong();
        int gaps = in.readInt();
        if (gaps >= 0) {
            f.itlMs = new double[gaps];
            for (int i = 0; i < gaps; i++) {
                f.itlMs[i] = in.readDouble();
            }
        }
        return f;
    }

    @Override
    public Fact deserialize(Fact reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out); // variable layout: decode and re-encode
    }

    @Override
    public TypeSerializerSnapshot<Fact> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer on a savepoint restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Fact> {
        public Snapshot() {
            super(FactSerializer::new);
        }
    }
}
