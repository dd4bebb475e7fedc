package io.inferscope.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.concurrent.ConcurrentHashMap;

/** The one place the wire format is configured: snake_case JSON, strict types, bounded input. */
public final class Codecs {
    private static final ObjectMapper MAPPER = newMapper();
    private static final ConcurrentHashMap<Class<?>, RecordCodec<?>> CODECS =
            new ConcurrentHashMap<>();

    private Codecs() {}

    /** The codec of a record type (cached). */
    @SuppressWarnings("unchecked")
    public static <T> RecordCodec<T> of(Class<T> type) {
        return (RecordCodec<T>)
                CODECS.computeIfAbsent(
                        type,
                        t ->
                                new RecordCodec<>(
                                        (Class<Object>) t,
                                        MAPPER.readerFor(t),
                                        MAPPER.writerFor(t),
                                        RecordCodec.DEFAULT_MAX_BYTES));
    }

    /** The configured mapper, for tools that print or parse records generically. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static SimpleModule finiteNumbers() {
        SimpleModule module = new SimpleModule("inferscope-finite-numbers");
        module.addDeserializer(Double.class, FiniteDoubleDeserializer.boxed());
        module.addDeserializer(Double.TYPE, FiniteDoubleDeserializer.primitive());
        return module;
    }

    private static ObjectMapper newMapper() {
        JsonMapper mapper =
                JsonMapper.builder()
                        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                        .addModule(finiteNumbers())
                        .build();
        mapper.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(64)
                                .maxNumberLength(64)
                                .maxStringLength(RecordCodec.DEFAULT_MAX_BYTES)
                                .build());
        for (LogicalType numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(numeric)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }
}
