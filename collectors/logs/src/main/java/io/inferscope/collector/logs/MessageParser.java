package io.inferscope.collector.logs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.schemas.LogLine.Level;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads level, message, request id and attributes from a line's text. A JSON object line gives its
 * level ({@code level}, {@code lvl}, {@code severity}, {@code levelname}, {@code log.level}: names
 * or pino numbers), message ({@code msg}, {@code message}; the whole line when absent), request id
 * ({@code request_id}, {@code requestId}, {@code req_id}, {@code reqId}) and its other scalar
 * fields as attributes (nested objects flattened with dots, arrays skipped, at most {@code
 * maxAttributes}). Any other line: the level from common text layouts ({@link Levels}) and a
 * request id written as {@code request_id=...}. Never throws on any input.
 */
final class MessageParser {
    static final int MAX_KEY_CHARS = 128;
    static final int MAX_VALUE_CHARS = 2048;
    private static final int MAX_DEPTH = 4;

    private static final Set<String> LEVEL_KEYS =
            Set.of("level", "lvl", "severity", "levelname", "log.level", "loglevel");
    private static final Set<String> MESSAGE_KEYS = Set.of("msg", "message");
    private static final Set<String> REQUEST_ID_KEYS =
            Set.of("request_id", "requestId", "req_id", "reqId", "x_request_id");
    private static final Pattern TEXT_REQUEST_ID =
            Pattern.compile(
                    "(?i)\\b(?:request[_-]?id|req[_-]?id)[\"']?\\s*[=:]\\s*[\"']?"
                            + "([A-Za-z0-9][A-Za-z0-9._:-]{0,127})");

    // Decimals as written ("1732875342.1", not "1.7328753421E9").
    private final ObjectMapper json =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final int maxAttributes;

    MessageParser(int maxAttributes) {
        this.maxAttributes = maxAttributes;
    }

    ParsedMessage parse(String text) {
        String t = text.strip();
        if (t.length() >= 2 && t.charAt(0) == '{' && t.charAt(t.length() - 1) == '}') {
            try {
                JsonNode node = json.readTree(t);
                if (node != null && node.isObject()) {
                    return fromJson(node, text);
                }
            } catch (JacksonException | RuntimeException e) {
                // not JSON after all (or cut at the size cap): read it as text
            }
        }
        Matcher m = TEXT_REQUEST_ID.matcher(text);
        return new ParsedMessage(Levels.fromText(text), text, m.find() ? m.group(1) : null, null);
    }

    private ParsedMessage fromJson(JsonNode node, String raw) {
        Level level = Level.UNKNOWN;
        String message = null;
        String requestId = null;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String key = f.getKey();
            JsonNode value = f.getValue();
            if (level == Level.UNKNOWN && LEVEL_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                level = value.isNumber() ? Levels.fromNumber(value.asInt()) : levelOf(value);
            } else if (message == null && MESSAGE_KEYS.contains(key) && !value.isNull()) {
                message = value.isTextual() ? value.asText() : value.toString();
            } else if (requestId == null && REQUEST_ID_KEYS.contains(key) && value.isValueNode()) {
                requestId = cap(value.asText(), MAX_KEY_CHARS);
            } else {
                flatten(key, value, attributes, 0);
            }
        }
        if (level == Level.UNKNOWN && message != null) {
            level = Levels.fromText(message);
        }
        return new ParsedMessage(
                level,
                message == null ? raw : message,
                requestId == null || requestId.isEmpty() ? null : requestId,
                attributes.isEmpty() ? null : attributes);
    }

    private static Level levelOf(JsonNode value) {
        return value.isTextual() ? Levels.fromName(value.asText()) : Level.UNKNOWN;
    }

    private void flatten(String key, JsonNode value, Map<String, String> out, int depth) {
        if (out.size() >= maxAttributes || value.isNull() || value.isArray()) {
            return;
        }
        if (value.isObject()) {
            if (depth >= MAX_DEPTH) {
                return;
            }
            for (Map.Entry<String, JsonNode> f : value.properties()) {
                flatten(key + "." + f.getKey(), f.getValue(), out, depth + 1);
            }
            return;
        }
        out.put(cap(key, MAX_KEY_CHARS), cap(value.asText(), MAX_VALUE_CHARS));
    }

    private static String cap(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
