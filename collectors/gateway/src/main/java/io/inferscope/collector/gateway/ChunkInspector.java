package io.inferscope.collector.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the gateway needs from one OpenAI-style JSON payload (an SSE {@code data:} event or a
 * whole non-streaming body) and nothing else: whether it carries generated tokens, whether it is
 * the usage-only chunk, the usage numbers, and whether it reports an error. Content text is only
 * ever tested for emptiness, never copied out.
 *
 * <p>A chunk is content-bearing when any choice has a non-empty {@code delta.content}, {@code
 * delta.reasoning_content}/{@code delta.reasoning}, a non-empty {@code delta.tool_calls} array, or
 * (completions API) a non-empty {@code text}: each is generated output. The role-only first chunk
 * of a chat stream ({@code delta: {role: "assistant", content: ""}}) is not.
 *
 * <p>This runs once per streamed chunk, so it walks the payload once with a streaming parser from
 * the mapper's own factory (same parser features and limits as the mapper) and skips what it does
 * not need, instead of building a tree (a profile showed the tree costing a quarter of the
 * gateway's CPU). It reports exactly what {@link TreeChunkReader} over {@link #mapper()} would:
 * repeated keys count by their last value, trailing tokens make the payload unreadable when the
 * mapper says {@code FAIL_ON_TRAILING_TOKENS}, and payloads longer than the mapper's string-length
 * limit, where a skipped string could break that limit unseen, go through the tree reader.
 *
 * <p>Duplicate-key detection is switched off for upstream payloads, whatever the given mapper says:
 * the gateway only observes what the replica sends (the client gets the bytes unchanged either
 * way), and Jackson's detector allocates a hash set per JSON object, which a profile showed as a
 * sixth of the gateway's garbage per chunk.
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
    private final JsonFactory factory;
    private final boolean failOnTrailingTokens;
    private final int maxStringLength;

    ChunkInspector(ObjectMapper mapper) {
        this.mapper =
                mapper.copy()
                        .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                        .disable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        this.factory = this.mapper.getFactory();
        this.failOnTrailingTokens =
                mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxStringLength = factory.streamReadConstraints().getMaxStringLength();
    }

    /** The mapper whose tree reading this inspector's answers equal (lenient on repeated keys). */
    ObjectMapper mapper() {
        return mapper;
    }

    ChunkInfo inspect(byte[] payload) {
        return payload == null ? ChunkInfo.UNREADABLE : inspect(payload, payload.length);
    }

    /** Inspects {@code payload[0, length)}; the array is not kept. */
    ChunkInfo inspect(byte[] payload, int length) {
        if (payload == null) {
            return ChunkInfo.UNREADABLE;
        }
        if (isDone(payload, length)) {
            return ChunkInfo.DONE_MARKER;
        }
        if (length > maxStringLength) {
            return TreeChunkReader.read(mapper, java.util.Arrays.copyOf(payload, length));
        }
        try (JsonParser p = factory.createParser(payload, 0, length)) {
            return ChunkWalk.root(p, failOnTrailingTokens);
        } catch (IOException e) {
            return ChunkInfo.UNREADABLE;
        }
    }

    /** The token after the current one, failing at a premature end of input. */
    static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        return t;
    }

    private static boolean isDone(byte[] payload, int length) {
        int start = 0;
        int end = length;
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
