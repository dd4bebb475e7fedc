package io.inferscope.jobs.requests;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link RequestState} field by field, strings as bulk UTF-8 ({@link CompactIo}). One of
 * these lives in state per request in flight, so every checkpoint writes all of them: with the POJO
 * serializer that snapshot was the job's largest single cost while it worked through a backlog.
 */
public final class RequestStateSerializer extends TypeSerializerSingleton<RequestState> {
    private static final long serialVersionUID = 1L;
    private static final FactSerializer FACTS = new FactSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public RequestState createInstance() {
        return new RequestState();
    }

    @Override
    public RequestState copy(RequestState from) {
        if (from == null) {
            return null;
        }
        RequestState s = new RequestState();
        s.startTs = from.startTs;
        s.endTs = from.endTs;
        s.lost = from.lost;
        s.tokenRecords = from.tokenRecords;
        s.timer = from.timer;
        s.cluster = from.cluster;
        s.namespace = from.namespace;
        s.deployment = from.deployment;
        s.model = from.model;
        s.replica = from.replica;
        s.node = from.node;
        s.dispatchReplica = from.dispatchReplica;
        s.dispatchNode = from.dispatchNode;
        s.pendingTokens = from.pendingTokens == null ? null : from.pendingTokens.copy();
        return s;
    }

    @Override
    public RequestState copy(RequestState from, RequestState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RequestState s, DataOutputView out) throws IOException {
        CompactIo.buffered(s, out, RequestStateSerializer::write);
    }

    private static void write(RequestState s, DataOutputView out) throws IOException {
        out.writeLong(s.startTs);
        out.writeLong(s.endTs);
        out.writeBoolean(s.lost);
        out.writeInt(s.tokenRecords);
        out.writeLong(s.timer);
        CompactIo.writeString(s.cluster, out);
        CompactIo.writeString(s.namespace, out);
        CompactIo.writeString(s.deployment, out);
        CompactIo.writeString(s.model, out);
        CompactIo.writeString(s.replica, out);
        CompactIo.writeString(s.node, out);
        CompactIo.writeString(s.dispatchReplica, out);
        CompactIo.writeString(s.dispatchNode, out);
        out.writeBoolean(s.pendingTokens != null);
        if (s.pendingTokens != null) {
            FACTS.serialize(s.pendingTokens, out);
        }
    }

    @Override
    public RequestState deserialize(DataInputView in) throws IOException {
        RequestState s = new RequestState();
        s.startTs = in.readLong();
        s.endTs = in.readLong();
        s.lost = in.readBoolean();
        s.tokenRecords = in.readInt();
        s.timer = in.readLong();
        s.cluster = CompactIo.readString(in);
        s.namespace = CompactIo.readString(in);
        s.deployment = CompactIo.readString(in);
        s.model = CompactIo.readString(in);
        s.replica = CompactIo.readString(in);
        s.node = CompactIo.readString(in);
        s.dispatchReplica = CompactIo.readString(in);
        s.dispatchNode = CompactIo.readString(in);
        s.pendingTokens = in.readBoolean() ? FACTS.deserialize(in) : null;
        return s;
    }

    @Override
    public RequestState deserialize(RequestState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out); // variable layout: decode and re-encode
    }

    @Override
    public TypeSerializerSnapshot<RequestState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer on a savepoint restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RequestState> {
        public Snapshot() {
            super(RequestStateSerializer::new);
        }
    }
}
