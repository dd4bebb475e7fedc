package io.inferscope.jobs.common;

import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A binary form of {@link RequestEvent} for the hop from the source to the keyed request lifecycle:
 * every raw request record crosses it, and with the record's JSON codec ({@link CodecSerializer})
 * that hop cost a JSON encode and a decode per record. Fields are written in declaration order;
 * {@code RequestEventSerializerTest} fails when the record gains a component this class does not
 * write. The Kafka wire format stays the JSON codec.
 */
public final class RequestEventSerializer extends TypeSerializerSingleton<RequestEvent> {
    private static final long serialVersionUID = 1L;

    /** Components written; must equal the record's component count. */
    static final int FIELDS = 17;

    private static final RequestEvent.Type[] TYPES = RequestEvent.Type.values();
    private static final RequestEvent.Endpoint[] ENDPOINTS = RequestEvent.Endpoint.values();
    private static final RequestEvent.Status[] STATUSES = RequestEvent.Status.values();
    private static final ErrorClass[] ERRORS = ErrorClass.values();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public RequestEvent createInstance() {
        return null;
    }

    @Override
    public RequestEvent copy(RequestEvent from) {
        return from;
    }

    @Override
    public RequestEvent copy(RequestEvent from, RequestEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RequestEvent e, DataOutputView out) throws IOException {
        out.writeByte(e.type().ordinal());
        writeString(e.requestId(), out);
        out.writeLong(e.tsMs());
        Labels l = e.labels();
        writeString(l.cluster(), out);
        writeString(l.namespace(), out);
        writeString(l.deployment(), out);
        writeString(l.model(), out);
        writeString(l.replica(), out);
        writeString(l.node(), out);
        out.writeByte(e.endpoint() == null ? -1 : e.endpoint().ordinal());
        out.writeByte(e.stream() == null ? -1 : e.stream() ? 1 : 0);
        out.writeByte(e.status() == null ? -1 : e.status().ordinal());
        out.writeInt(e.httpStatus() == null ? -1 : e.httpStatus());
        out.writeByte(e.errorClass() == null ? -1 : e.errorClass().ordinal());
        writeDouble(e.queueMs(), out);
        writeDouble(e.ttftMs(), out);
        writeDouble(e.e2eMs(), out);
        writeDouble(e.generationMs(), out);
        writeDouble(e.tpotMs(), out);
        out.writeLong(e.promptTokens() == null ? -1 : e.promptTokens());
        out.writeLong(e.completionTokens() == null ? -1 : e.completionTokens());
        out.writeByte(e.tokensEstimated() == null ? -1 : e.tokensEstimated() ? 1 : 0);
    }

    @Override
    public RequestEvent deserialize(DataInputView in) throws IOException {
        RequestEvent.Type type = TYPES[in.readByte()];
        String requestId = readString(in);
        long tsMs = in.readLong();
        Labels labels =
                new Labels(
                        readString(in),
                        readString(in),
                        readString(in),
                        readString(in),
                        readString(in),
                        readString(in));
        int endpoint = in.readByte();
        int stream = in.readByte();
        int status = in.readByte();
        int httpStatus = in.readInt();
        int errorClass = in.readByte();
        Double queueMs = readDouble(in);
        Double ttftMs = readDouble(in);
        Double e2eMs = readDouble(in);
        Double generationMs = readDouble(in);
        Double tpotMs = readDouble(in);
        long promptTokens = in.readLong();
        long completionTokens = in.readLong();
        int estimated = in.readByte();
        return new RequestEvent(
                type,
                requestId,
                tsMs,
                labels,
                endpoint < 0 ? null : ENDPOINTS[endpoint],
                stream < 0 ? null : stream == 1,
                status < 0 ? null : STATUSES[status],
                httpStatus < 0 ? null : httpStatus,
                errorClass < 0 ? null : ERRORS[errorClass],
                queueMs,
                ttftMs,
                e2eMs,
                generationMs,
                tpotMs,
                promptTokens < 0 ? null : (int) promptTokens,
                completionTokens < 0 ? null : (int) completionTokens,
                estimated < 0 ? null : estimated == 1);
    }

    @Override
    public RequestEvent deserialize(RequestEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out); // variable layout: decode and re-encode
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length + 1);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n == 0) {
            return null;
        }
        byte[] bytes = new byte[n - 1];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeDouble(Double d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    private static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    @Override
    public TypeSerializerSnapshot<RequestEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer on a savepoint restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RequestEvent> {
        public Snapshot() {
            super(RequestEventSerializer::new);
        }
    }
}
