package io.inferscope.jobs.common;

import io.inferscope.schemas.Codecs;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for a contract record ({@code io.inferscope.schemas}), serialized with the
 * record's own strict JSON codec.
 *
 * <p>Why not Flink's record/POJO serializer: some records hold immutable {@code List}/{@code Map}
 * fields that would fall back to Kryo, which cannot rebuild JDK immutable collections. The codec is
 * the contract anyway, and its additive evolution (unknown fields ignored) carries over to state
 * restored by a newer job version.
 */
public final class CodecTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    private CodecTypeInfo(Class<T> type) {
        this.type = type;
    }

    public static <T> CodecTypeInfo<T> of(Class<T> type) {
        Codecs.of(type); // fails early for a class without a codec
        return new CodecTypeInfo<>(type);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new CodecSerializer<>(type);
    }

    @Override
    public String toString() {
        return "CodecTypeInfo<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecTypeInfo<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(CodecTypeInfo.class, type);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CodecTypeInfo;
    }
}
