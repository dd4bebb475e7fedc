package io.inferscope.collector.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * An error the gateway answers itself, in OpenAI's shape: {@code {"error": {"message", "type",
 * "code"}}}, so OpenAI client libraries surface it like any other API error.
 */
record OpenAiError(int status, String message, String type, String code) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    byte[] body() {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Cannot happen for a tree of strings; keep a valid body anyway.
            return "{\"error\":{\"message\":\"gateway error\"}}".getBytes(StandardCharsets.UTF_8);
        }
    }
}
