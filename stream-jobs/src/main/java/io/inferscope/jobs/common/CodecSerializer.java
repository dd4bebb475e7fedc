package io.inferscope.jobs.common;

import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RecordCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.GenericTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes an immutable contract record as its length-prefixed JSON encoding. Records are
 * immutable, so copies are the same instance.
 */
public final class CodecSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient RecordCodec<T> codec;

    public CodecSerializer(Class<T> type) {
        this.type = type;
    }

    private RecordCodec<T> codec() {
        if (codec == null) {
            codec = Codecs.of(type);
        }
        return codec;
    }

    Class<T> type() {
        return type;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless apart from a thread-safe codec
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] bytes = codec().encode(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return codec().decode(bytes);
        } catch (DecodeException e) {
            throw new IOException("cannot restore " + type.getSimpleName() + ": " + e, e);
        }
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecSerializer<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(type);
    }

    /** Remembers the record class; the JSON encoding itself evolves additively. */
    public static final class Snapshot<T>
            extends GenericTypeSerializerSnapshot<T, CodecSerializer<T>> {

        public Snapshot() {}

        Snapshot(Class<T> type) {
            super(type);
        }

        @Override
        protected TypeSerializer<T> createSerializer(Class<T> typeClass) {
            return new CodecSerializer<>(typeClass);
        }

        @Override
        protected Class<T> getTypeClass(CodecSerializer<T> serializer) {
            return serializer.type();
        }

        @Override
        protected Class<?> serializerClass() {
            return CodecSerializer.class;
        }
    }
}
