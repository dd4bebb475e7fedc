package io.inferscope.collector.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads the two facts the gateway needs from a chat/completions request body ({@code model} and
 * {@code stream}) and, only when the gateway must ask the upstream for usage on a stream, rewrites
 * the body with {@code "stream_options": {"include_usage": true}}. Any other body is forwarded as
 * the client sent it, byte for byte. Numbers keep their exact decimal text on a rewrite.
 */
final class RequestBodies {
    /** Longest model name put on a record label; longer values are cut (labels stay small). */
    static final int MAX_MODEL_CHARS = 256;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();

    /** What the request body says; {@code tree} is null when the body is not a JSON object. */
    record Inspected(String model, boolean stream, boolean clientAskedUsage, ObjectNode tree) {}

    private RequestBodies() {}

    static Inspected inspect(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new Inspected(null, false, false, null);
        }
        ObjectNode obj = (ObjectNode) root;
        JsonNode m = obj.get("model");
        String model = m != null && m.isTextual() ? cut(m.textValue()) : null;
        boolean stream = obj.path("stream").asBoolean(false) && obj.path("stream").isBoolean();
        JsonNode usage = obj.path("stream_options").path("include_usage");
        boolean asked = usage.isBoolean() && usage.booleanValue();
        return new Inspected(model, stream, asked, obj);
    }

    /** The body re-serialized with {@code stream_options.include_usage = true}. */
    static byte[] withUsageRequested(ObjectNode tree) {
        ObjectNode copy = tree.deepCopy();
        JsonNode options = copy.get("stream_options");
        ObjectNode opts =
                options != null && options.isObject()
                        ? (ObjectNode) options
                        : copy.putObject("stream_options");
        opts.put("include_usage", true);
        try {
            return MAPPER.writeValueAsBytes(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a parsed request body", e);
        }
    }

    private static String cut(String model) {
        String s = model.strip();
        if (s.isEmpty()) {
            return null;
        }
        return s.length() > MAX_MODEL_CHARS ? s.substring(0, MAX_MODEL_CHARS) : s;
    }
}
