package io.inferscope.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON helpers: one shared mapper and dotted field paths into stored records. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static JsonNode parse(byte[] stored) {
        try {
            return MAPPER.readTree(stored);
        } catch (IOException e) {
            // Stored bytes passed the strict codec, so this means a bug, not bad input.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The node at {@code path} ({@code ttft_ms.p99}, {@code errors_by_class.timeout}, {@code
     * labels.deployment}), or a missing node. Names are the wire's snake_case names.
     */
    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty segment in field path '" + path + "'");
            }
            node = node.path(part);
        }
        return node;
    }

    /** The number at {@code path}, or null where the field is absent or not a number. */
    static Double number(JsonNode root, String path) {
        JsonNode node = at(root, path);
        return node.isNumber() ? node.doubleValue() : null;
    }

    static String text(JsonNode root, String path) {
        JsonNode node = at(root, path);
        return node.isTextual() ? node.textValue() : null;
    }
}
