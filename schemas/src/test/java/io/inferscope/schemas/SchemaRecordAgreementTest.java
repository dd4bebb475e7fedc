package io.inferscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.inferscope.schemas.Examples.Example;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds each schema file to its Java record mechanically, so neither drifts: the same fields with
 * the same types, enums and 32-bit bounds; and, for every golden example, every one-field mutation
 * (a field dropped, or a value replaced by a negative, zero, fractional, too-large, blank or
 * wrongly-typed value) is accepted by the schema exactly when the codec accepts it.
 */
class SchemaRecordAgreementTest {
    /**
     * Cross-field rules JSON Schema cannot express (window_end_ms = window_start_ms + window_s ×
     * 1000; ends_at_ms ≥ starts_at_ms): on these fields the codec may refuse what the schema
     * allows.
     */
    private static final Set<String> CROSS_FIELD =
            Set.of("window_start_ms", "window_end_ms", "window_s", "starts_at_ms", "ends_at_ms");

    /**
     * Values put in place of each node. Not {@code null} (the codec reads an explicit null as an
     * absent field; the schema, describing what producers write, refuses it) and not an integral
     * fraction such as {@code 2.0} (JSON Schema counts it as an integer; the codec refuses a
     * fraction where Java has an integer): both are documented divergences, pinned in CodecTest.
     */
    private static final List<String> SUBSTITUTES =
            List.of("-1", "0", "1.5", "2147483648", "\"x\"", "\"\"", "\" \"", "true", "{}", "[]");

    static Stream<TopicSpec<?>> topics() {
        return Topics.ALL.stream();
    }

    static Stream<Example> examples() {
        return Examples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void schemaDescribesExactlyTheRecordComponents(TopicSpec<?> topic) {
        JsonNode root = Contract.schemaTree(topic);
        List<String> problems = new ArrayList<>();
        compare(topic.recordType(), root, root, "$", problems);

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void schemaAndCodecAgreeOnEveryOneFieldMutation(Example example) {
        TopicSpec<?> topic = example.topic();
        JsonNode doc = Contract.tree(example);
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (String pointer : Contract.fieldPointers(doc)) {
            checked += agree(topic, pointer, Contract.edit(doc, pointer, null), disagreements);
        }
        for (String pointer : Contract.pointers(doc)) {
            if (pointer.matches(".*/[1-9][0-9]*")) {
                continue; // array elements after the first add time, not coverage
            }
            for (String substitute : SUBSTITUTES) {
                JsonNode mutated = Contract.edit(doc, pointer, Contract.value(substitute));
                checked += agree(topic, pointer, mutated, disagreements);
            }
        }

        assertThat(checked).isGreaterThan(SUBSTITUTES.size());
        assertThat(disagreements).isEmpty();
    }

    private static int agree(
            TopicSpec<?> topic, String pointer, JsonNode mutated, List<String> disagreements) {
        String json = Contract.write(mutated);
        boolean schemaOk = Contract.schemaErrors(topic, json).isEmpty();
        DecodeException codecError = Contract.codecError(topic, json);
        boolean codecOk = codecError == null;
        boolean crossField = CROSS_FIELD.contains(Contract.leafName(pointer));
        if (schemaOk != codecOk && !(crossField && schemaOk)) {
            disagreements.add(
                    pointer
                            + ": schema "
                            + (schemaOk ? "accepts" : "refuses")
                            + ", codec "
                            + (codecOk ? "accepts" : "refuses (" + codecError.getMessage() + ")")
                            + " in "
                            + json);
        }
        return 1;
    }

    private static void compare(
            Class<?> type, JsonNode schema, JsonNode root, String at, List<String> problems) {
        JsonNode props = schema.path("properties");
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        Set<String> components = new HashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String name = jsonName(c);
            components.add(name);
            JsonNode prop = props.get(name);
            if (prop == null) {
                problems.add(at + "." + name + " is missing from the schema");
                continue;
            }
            if (c.getType().isPrimitive() && !required.contains(name)) {
                // The codec refuses a missing primitive (FAIL_ON_NULL_FOR_PRIMITIVES).
                problems.add(at + "." + name + " is a primitive and must be required");
            }
            compareValue(c.getGenericType(), resolve(prop, root), root, at + "." + name, problems);
        }
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            if (!components.contains(p.getKey())) {
                problems.add(at + "." + p.getKey() + " is not a field of " + type.getSimpleName());
            }
        }
        for (String r : required) {
            if (!components.contains(r)) {
                problems.add(at + ": required " + r + " is not a field");
            }
        }
    }

    private static void compareValue(
            Type type, JsonNode schema, JsonNode root, String at, List<String> problems) {
        Class<?> raw =
                type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        String expected = jsonType(raw);
        String actual = schema.path("type").asText();
        if (!expected.equals(actual)) {
            problems.add(at + " has type " + actual + ", the record has " + raw.getSimpleName());
            return;
        }
        if (raw == int.class || raw == Integer.class) {
            if (schema.path("maximum").asLong(Long.MAX_VALUE) > Integer.MAX_VALUE) {
                problems.add(at + " is a 32-bit integer: needs maximum <= " + Integer.MAX_VALUE);
            }
        } else if (raw.isEnum()) {
            List<String> wire =
                    Arrays.stream(raw.getEnumConstants()).map(e -> ((WireEnum) e).wire()).toList();
            List<String> listed = new ArrayList<>();
            schema.path("enum").forEach(v -> listed.add(v.asText()));
            if (!listed.equals(wire)) {
                problems.add(at + " lists " + listed + ", the enum has " + wire);
            }
        } else if (raw.isRecord()) {
            compare(raw, schema, root, at, problems);
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            compareValue(element, resolve(schema.path("items"), root), root, at + "[]", problems);
        } else if (raw == Map.class) {
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            JsonNode values = resolve(schema.path("additionalProperties"), root);
            compareValue(value, values, root, at + ".*", problems);
        }
    }

    /** The explicit {@code @JsonProperty} name (e.g. {@code for}), else the snake_case name. */
    private static String jsonName(RecordComponent c) {
        JsonProperty explicit = c.getAccessor().getAnnotation(JsonProperty.class);
        if (explicit != null && !explicit.value().isEmpty()) {
            return explicit.value();
        }
        return PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName());
    }

    private static String jsonType(Class<?> raw) {
        if (raw == String.class || raw.isEnum()) {
            return "string";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "integer";
        }
        if (raw == double.class || raw == Double.class) {
            return "number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw == List.class) {
            return "array";
        }
        return "object"; // records and maps
    }

    private static JsonNode resolve(JsonNode schema, JsonNode root) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : root.at(ref.asText().substring(1));
    }
}
