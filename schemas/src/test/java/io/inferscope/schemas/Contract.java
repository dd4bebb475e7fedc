package io.inferscope.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.inferscope.schemas.Examples.Example;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test support: the topic's JSON Schema (validated with networknt's draft 2020-12 validator, which
 * works on Jackson 3 trees, so documents cross over as text), the codec, and JSON tree edits
 * addressed by JSON Pointer.
 */
final class Contract {
    /** Plain Jackson, for reading and editing documents as trees (not the codec's mapper). */
    static final ObjectMapper JSON = new ObjectMapper();

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private Contract() {}

    static String resourceText(String resource) {
        try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String schemaText(TopicSpec<?> topic) {
        return resourceText(topic.schemaResource());
    }

    static JsonNode schemaTree(TopicSpec<?> topic) {
        return tree(schemaText(topic));
    }

    /** Errors of the schema document itself against the draft 2020-12 meta-schema. */
    static List<String> metaSchemaErrors(TopicSpec<?> topic) {
        Schema meta =
                REGISTRY.getSchema(
                        SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        return messages(meta.validate(schemaText(topic), InputFormat.JSON));
    }

    static Schema schema(TopicSpec<?> topic) {
        return SCHEMAS.computeIfAbsent(
                topic.name(),
                n -> {
                    Schema s = REGISTRY.getSchema(schemaText(topic), InputFormat.JSON);
                    s.initializeValidators(); // resolves every $ref now, not on first use
                    return s;
                });
    }

    /** What the topic's schema finds wrong with a document; empty when it is valid. */
    static List<String> schemaErrors(TopicSpec<?> topic, String json) {
        return messages(schema(topic).validate(json, InputFormat.JSON));
    }

    /** The codec's verdict: null when the document decodes, else the exception. */
    static DecodeException codecError(TopicSpec<?> topic, String json) {
        try {
            topic.codec().decode(json);
            return null;
        } catch (DecodeException e) {
            return e;
        }
    }

    static Example example(TopicSpec<?> topic, String name) {
        return Examples.of(topic).stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no example " + name));
    }

    static String text(Example example) {
        return new String(example.json(), StandardCharsets.UTF_8);
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode tree(Example example) {
        return tree(text(example));
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode value(String json) {
        return tree(json);
    }

    /**
     * A copy of {@code doc} with the node at {@code pointer} replaced by {@code replacement}, or
     * removed when {@code replacement} is null.
     */
    static JsonNode edit(JsonNode doc, String pointer, JsonNode replacement) {
        JsonNode copy = doc.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, cut));
        String leaf = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            if (replacement == null) {
                object.remove(leaf);
            } else {
                object.set(leaf, replacement);
            }
        } else if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(leaf);
            if (replacement == null) {
                array.remove(index);
            } else {
                array.set(index, replacement);
            }
        } else {
            throw new IllegalArgumentException("no container at " + pointer + " in " + doc);
        }
        return copy;
    }

    /** JSON Pointers of every node below the root (object fields and array elements). */
    static List<String> pointers(JsonNode doc) {
        List<String> out = new ArrayList<>();
        collect(doc, "", out);
        return out;
    }

    /** JSON Pointers of every object field (what can be dropped). */
    static List<String> fieldPointers(JsonNode doc) {
        return pointers(doc).stream().filter(p -> doc.at(parentOf(p)).isObject()).toList();
    }

    static String parentOf(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    static String leafName(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    private static void collect(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                String p = at + "/" + f.getKey().replace("~", "~0").replace("/", "~1");
                out.add(p);
                collect(f.getValue(), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = at + "/" + i;
                out.add(p);
                collect(node.get(i), p, out);
            }
        }
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }
}
