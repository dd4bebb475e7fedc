package io.inferscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.schemas.Examples.Example;
import io.inferscope.schemas.InvalidDocuments.InvalidDocument;
import io.inferscope.schemas.InvalidDocuments.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema files and the Java records are one contract: every golden example is valid
 * against its topic's schema, decodes through the codec and re-encodes to the same JSON; every
 * hand-written invalid document is refused by both, and the codec names the field at fault.
 */
class SchemaContractTest {
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    static Stream<TopicSpec<?>> topics() {
        return Topics.ALL.stream();
    }

    static Stream<Example> examples() {
        return Examples.all().stream();
    }

    static Stream<InvalidDocument> invalidDocuments() {
        return InvalidDocuments.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void schemaFileIsAValidDraft202012Schema(TopicSpec<?> topic) {
        JsonNode schema = Contract.schemaTree(topic);

        assertThat(schema.path("$schema").asText()).isEqualTo(DRAFT_2020_12);
        assertThat(schema.path("title").asText()).isEqualTo(topic.recordType().getSimpleName());
        assertThat(Contract.metaSchemaErrors(topic)).isEmpty();
        assertThat(Contract.schema(topic)).isNotNull(); // every $ref resolves inside the file
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyFieldHasADescriptionAndObjectsStayOpen(TopicSpec<?> topic) {
        List<String> problems = new ArrayList<>();
        checkDescribed(Contract.schemaTree(topic), "#", problems);

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void schemaIsStandaloneWithOnlyLocalReferences(TopicSpec<?> topic) {
        List<String> refs = new ArrayList<>();
        Contract.schemaTree(topic).findValues("$ref").forEach(r -> refs.add(r.asText()));
        JsonNode defs = Contract.schemaTree(topic).path("$defs");

        assertThat(refs).allSatisfy(r -> assertThat(r).startsWith("#/$defs/"));
        assertThat(refs).allSatisfy(r -> assertThat(defs.has(r.substring(8))).as(r).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void goldenExampleIsValidDecodesAndReEncodesUnchanged(Example example) throws Exception {
        TopicSpec<?> topic = example.topic();
        String json = Contract.text(example);

        assertThat(Contract.schemaErrors(topic, json)).as("schema errors").isEmpty();
        String reEncoded = roundTrip(topic, example.json());
        assertThat(Contract.tree(reEncoded)).isEqualTo(Contract.tree(json));
        assertThat(Contract.schemaErrors(topic, reEncoded)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyTopicHasAtLeastTwoExamples(TopicSpec<?> topic) {
        assertThat(Examples.of(topic)).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void invalidDocumentIsRejectedBySchemaAndByCodecAtItsPath(InvalidDocument invalid) {
        String json = invalid.json();

        assertThat(Contract.schemaErrors(invalid.topic(), json)).as("schema errors").isNotEmpty();
        DecodeException error = Contract.codecError(invalid.topic(), json);
        assertThat(error).as("codec must refuse").isNotNull();
        assertThat(error.path()).isEqualTo(invalid.expectedPath());
    }

    @Test
    void everyTopicHasInvalidDocumentsOfEveryApplicableKind() {
        Map<TopicSpec<?>, Set<Kind>> kinds =
                InvalidDocuments.all().stream()
                        .collect(
                                Collectors.groupingBy(
                                        InvalidDocument::topic,
                                        Collectors.mapping(
                                                InvalidDocument::kind, Collectors.toSet())));
        for (TopicSpec<?> topic : Topics.ALL) {
            Set<Kind> expected = EnumSet.of(Kind.NEGATIVE, Kind.MISSING, Kind.WRONG_TYPE);
            if (hasEnum(Contract.schemaTree(topic))) {
                expected.add(Kind.UNKNOWN_ENUM);
            }
            assertThat(kinds.get(topic)).as(topic.name()).containsAll(expected);
        }
    }

    @SuppressWarnings("unchecked")
    static String roundTrip(TopicSpec<?> topic, byte[] json) throws DecodeException {
        RecordCodec<Object> codec = (RecordCodec<Object>) topic.codec();
        return codec.encodeToString(codec.decode(json));
    }

    private static boolean hasEnum(JsonNode schema) {
        return !schema.findValues("enum").isEmpty();
    }

    private static void checkDescribed(JsonNode node, String at, List<String> problems) {
        if (!node.isObject()) {
            return;
        }
        JsonNode props = node.get("properties");
        if (props != null && at.indexOf("/allOf") < 0) {
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                if (p.getValue().path("description").asText().isBlank()) {
                    problems.add(at + "/properties/" + p.getKey() + " has no description");
                }
            }
            if (!node.path("additionalProperties").asBoolean(false)) {
                problems.add(at + " must allow additional properties (additive evolution)");
            }
        }
        for (Map.Entry<String, JsonNode> child : node.properties()) {
            JsonNode value = child.getValue();
            if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    checkDescribed(value.get(i), at + "/" + child.getKey() + "/" + i, problems);
                }
            } else {
                checkDescribed(value, at + "/" + child.getKey(), problems);
            }
        }
    }
}
