package io.inferscope.collector.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the gateway needs from one OpenAI-style JSON payload (an SSE {@code data:} event or a
 * whole non-streaming body) and nothing else: whether it carries generated tokens, whether it is
 * the usage-only chunk, the usage numbers, and whether it reports an error. The parsed tree is
 * dropped at once; content text is only ever tested for emptiness, never copied out.
 *
 * <p>A chunk is content-bearing when any choice has a non-empty {@code delta.content}, {@code
 * delta.reasoning_content}/{@code delta.reasoning}, a non-empty {@code delta.tool_calls} array, or
 * (completions API) a non-empty {@code text}: each is generated output. The role-only first chunk
 * of a chat stream ({@code delta: {role: "assistant", content: ""}}) is not.
 */
final class ChunkInspector {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    /** What one payload says. */
    record ChunkInfo(
            boolean done,
            boolean contentBearing,
            boolean usageOnly,
            Integer promptTokens,
            Integer completionTokens,
            boolean error,
            boolean parsed) {

        static final ChunkInfo DONE_MARKER =
                new ChunkInfo(true, false, false, null, null, false, true);
        static final ChunkInfo UNREADABLE =
                new ChunkInfo(false, false, false, null, null, false, false);

        boolean hasUsage() {
            return completionTokens != null || promptTokens != null;
        }
    }

    private final ObjectMapper mapper;

    ChunkInspector(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ChunkInfo inspect(byte[] payload) {
        if (payload == null) {
            return ChunkInfo.UNREADABLE;
        }
        if (isDone(payload)) {
            return ChunkInfo.DONE_MARKER;
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (IOException e) {
            return ChunkInfo.UNREADABLE;
        }
        if (root == null || !root.isObject()) {
            return ChunkInfo.UNREADABLE;
        }
        JsonNode choices = root.get("choices");
        JsonNode usage = root.get("usage");
        boolean hasUsageObject = usage != null && usage.isObject();
        boolean content = choices != null && choices.isArray() && anyContent(choices);
        boolean usageOnly =
                choices != null && choices.isArray() && choices.isEmpty() && hasUsageObject;
        Integer prompt = hasUsageObject ? intOrNull(usage.get("prompt_tokens")) : null;
        Integer completion = hasUsageObject ? intOrNull(usage.get("completion_tokens")) : null;
        JsonNode error = root.get("error");
        boolean isError = error != null && !error.isNull();
        return new ChunkInfo(false, content, usageOnly, prompt, completion, isError, true);
    }

    private static boolean anyContent(JsonNode choices) {
        for (JsonNode choice : choices) {
            if (nonEmptyText(choice.get("text"))) {
                return true;
            }
            JsonNode delta = choice.get("delta");
            if (delta == null || !delta.isObject()) {
                // A non-streaming chat body carries "message" rather than "delta".
                delta = choice.get("message");
            }
            if (delta != null && delta.isObject()) {
                if (nonEmptyText(delta.get("content"))
                        || nonEmptyText(delta.get("reasoning_content"))
                        || nonEmptyText(delta.get("reasoning"))) {
                    return true;
                }
                JsonNode tools = delta.get("tool_calls");
                if (tools != null && tools.isArray() && !tools.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean nonEmptyText(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty();
    }

    private static Integer intOrNull(JsonNode node) {
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            return null;
        }
        int v = node.intValue();
        return v < 0 ? null : v;
    }

    private static boolean isDone(byte[] payload) {
        int start = 0;
        int end = payload.length;
        while (start < end && Character.isWhitespace(payload[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(payload[end - 1])) {
            end--;
        }
        if (end - start != DONE.length) {
            return false;
        }
        for (int i = 0; i < DONE.length; i++) {
            if (payload[start + i] != DONE[i]) {
                return false;
            }
        }
        return true;
    }
}
