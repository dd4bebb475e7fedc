package io.inferscope.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** The JSON the notifier writes to receivers (Alertmanager, PagerDuty): built as trees. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode object(Map<String, String> map) {
        ObjectNode o = object();
        map.forEach(o::put);
        return o;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 3339 in UTC, what both Alertmanager and PagerDuty parse. */
    static String time(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    /** A number as a short text, for annotations ({@code 812.5}, {@code 3}). */
    static String number(Double v) {
        if (v == null) {
            return null;
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf(v.longValue())
                : String.valueOf(v);
    }
}
