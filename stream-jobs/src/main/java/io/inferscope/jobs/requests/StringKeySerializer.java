package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.SerializerTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The keys of the request job (request ids, group keys) as length + UTF-8 bytes in one write. A
 * heap checkpoint writes the key of every state entry and every timer; Flink's {@code
 * StringSerializer} writes a string one character at a time, each a synchronized call into the
 * checkpoint stream, which made keys a large part of the lifecycle's checkpoint cost. Keys hash as
 * {@link String#hashCode} whatever the serializer, so partitioning is unchanged.
 */
public final class StringKeySerializer extends TypeSerializerSingleton<String> {
    private static final long serialVersionUID = 1L;

    /** The key type to hand to {@code keyBy}. */
    public static final TypeInformation<String> TYPE =
            new SerializerTypeInfo<>(String.class, new StringKeySerializer());

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public String createInstance() {
        return "";
    }

    @Override
    public String copy(String from) {
        return from;
    }

    @Override
    public String copy(String from, String reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(String key, DataOutputView out) throws IOException {
        CompactIo.buffered(key, out, StringKeySerializer::write);
    }

    private static void write(String key, DataOutputView out) throws IOException {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public String deserialize(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(String reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        out.writeInt(bytes.length);
        out.write(bytes); // write(DataInputView, n) does not grow a DataOutputSerializer
    }

    @Override
    public TypeSerializerSnapshot<String> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer on a savepoint restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<String> {
        public Snapshot() {
            super(StringKeySerializer::new);
        }
    }
}
