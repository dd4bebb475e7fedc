package io.inferscope.collector.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.collector.gateway.ChunkInspector.ChunkInfo;
import java.io.IOException;

/**
 * Reads a JSON payload into a tree and extracts what {@link ChunkInspector} reports. It is the
 * reference the streaming inspector must agree with, and the path taken for payloads larger than
 * the mapper's string-length limit: only a tree enforces that limit on every string, and such
 * payloads (whole non-streaming bodies) are rare enough that their cost does not matter.
 */
final class TreeChunkReader {

    private TreeChunkReader() {}

    /** The payload's chunk information; the caller has already handled null and {@code [DONE]}. */
    static ChunkInfo read(ObjectMapper mapper, byte[] payload) {
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
}
