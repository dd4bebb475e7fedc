package io.inferscope.collector.gateway;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the two facts the gateway needs from a chat/completions request body ({@code model} and
 * {@code stream}) and, only when the gateway must ask the upstream for usage on a stream, rewrites
 * the body with {@code "stream_options": {"include_usage": true}}. Any other body is forwarded as
 * the client sent it, byte for byte. Numbers keep their exact decimal text on a rewrite.
 *
 * <p>This runs on the event loop for every request before it goes upstream, so it reads the body
 * with one streaming pass (prompts can be large; no tree is built), and the usual rewrite (no
 * {@code stream_options} yet) splices the field in before the closing brace, leaving every other
 * byte as sent. Only a body that already has {@code stream_options} is rewritten through a tree.
 */
final class RequestBodies {
    /** Longest model name put on a record label; longer values are cut (labels stay small). */
    static final int MAX_MODEL_CHARS = 256;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();

    private static final byte[] USAGE_FIELD =
            "\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);

    /**
     * What the request body says.
     *
     * @param object whether the body is a JSON object (only then can it be rewritten)
     * @param hasStreamOptions whether it has a {@code stream_options} field (of any type)
     * @param closeBrace index of the object's closing brace in the body, or -1
     */
    record Inspected(
            String model,
            boolean stream,
            boolean clientAskedUsage,
            boolean object,
            boolean hasStreamOptions,
            int closeBrace) {}

    private static final Inspected NOT_AN_OBJECT =
            new Inspected(null, false, false, false, false, -1);

    private RequestBodies() {}

    static Inspected inspect(byte[] body) {
        if (body.length == 0) {
            return NOT_AN_OBJECT;
        }
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NOT_AN_OBJECT;
            }
            String model = null;
            boolean stream = false;
            boolean asked = false;
            boolean options = false;
            while (next(p) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = next(p);
                switch (name) {
                    case "model" -> model = v == JsonToken.VALUE_STRING ? cut(p.getText()) : null;
                    case "stream" -> stream = v == JsonToken.VALUE_TRUE;
                    case "stream_options" -> {
                        options = true;
                        asked = v == JsonToken.START_OBJECT && includeUsage(p);
                    }
                    default -> {}
                }
                p.skipChildren();
            }
            long end = p.currentLocation().getByteOffset(); // just past the closing brace
            int close = end > 0 && end <= body.length ? (int) end - 1 : -1;
            return new Inspected(model, stream, asked, true, options, close);
        } catch (IOException e) {
            return NOT_AN_OBJECT;
        }
    }

    /** Inside {@code stream_options}: whether its (last) {@code include_usage} is true. */
    private static boolean includeUsage(JsonParser p) throws IOException {
        boolean asked = false;
        while (next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = next(p);
            if (name.equals("include_usage")) {
                asked = v == JsonToken.VALUE_TRUE;
            }
            p.skipChildren();
        }
        return asked;
    }

    /**
     * The body with {@code stream_options.include_usage = true}; {@code in} must say it is an
     * object.
     */
    static byte[] withUsageRequested(byte[] body, Inspected in) {
        if (!in.hasStreamOptions()) {
            byte[] spliced = splice(body, in.closeBrace());
            if (spliced != null) {
                return spliced;
            }
        }
        try {
            ObjectNode copy = (ObjectNode) MAPPER.readTree(body);
            JsonNode options = copy.get("stream_options");
            ObjectNode opts =
                    options != null && options.isObject()
                            ? (ObjectNode) options
                            : copy.putObject("stream_options");
            opts.put("include_usage", true);
            return MAPPER.writeValueAsBytes(copy);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot rewrite a parsed request body", e);
        }
    }

    /**
     * Inserts the field before the object's closing brace; null when anything but white space
     * follows the object (the tree rewrite drops such bytes, as it always did).
     */
    private static byte[] splice(byte[] body, int close) {
        if (close < 1 || body[close] != '}') {
            return null;
        }
        for (int i = close + 1; i < body.length; i++) {
            if (!isJsonSpace(body[i])) {
                return null;
            }
        }
        int last = close - 1;
        while (last >= 0 && isJsonSpace(body[last])) {
            last--;
        }
        boolean empty = last >= 0 && body[last] == '{';
        byte[] out = new byte[close + (empty ? 0 : 1) + USAGE_FIELD.length + body.length - close];
        System.arraycopy(body, 0, out, 0, close);
        int at = close;
        if (!empty) {
            out[at++] = ',';
        }
        System.arraycopy(USAGE_FIELD, 0, out, at, USAGE_FIELD.length);
        at += USAGE_FIELD.length;
        System.arraycopy(body, close, out, at, body.length - close);
        return out;
    }

    private static boolean isJsonSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        return t;
    }

    private static String cut(String model) {
        String s = model.strip();
        if (s.isEmpty()) {
            return null;
        }
        return s.length() > MAX_MODEL_CHARS ? s.substring(0, MAX_MODEL_CHARS) : s;
    }
}
