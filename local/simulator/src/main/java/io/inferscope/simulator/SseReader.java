package io.inferscope.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Client side of an OpenAI-style event stream: splits {@code data:} events across network buffers
 * and tells content chunks, the usage chunk and {@code [DONE]} apart. Never keeps the content.
 */
final class SseReader {

    private final StringBuilder pending = new StringBuilder();
    private int contentChunks;
    private int usageCompletionTokens = -1;
    private boolean done;
    private boolean malformed;

    /** Feeds received bytes; returns the number of new content chunks they completed. */
    int feed(String data) {
        pending.append(data);
        int before = contentChunks;
        int end;
        while ((end = eventEnd()) >= 0) {
            String event = pending.substring(0, end);
            pending.delete(0, end + (pending.charAt(end) == '\r' ? 4 : 2));
            onEvent(event);
        }
        return contentChunks - before;
    }

    private int eventEnd() {
        int lf = pending.indexOf("\n\n");
        int crlf = pending.indexOf("\r\n\r\n");
        if (lf < 0) {
            return crlf;
        }
        return crlf < 0 ? lf : Math.min(lf, crlf);
    }

    private void onEvent(String event) {
        for (String line : event.split("\r?\n")) {
            if (!line.startsWith("data:")) {
                continue; // comments and other fields
            }
            String payload = line.substring(5).trim();
            if (payload.equals("[DONE]")) {
                done = true;
            } else {
                onChunk(payload);
            }
        }
    }

    private void onChunk(String payload) {
        try {
            JsonNode chunk = OpenAiWire.JSON.readTree(payload);
            JsonNode usage = chunk.get("usage");
            if (usage != null && usage.isObject()) {
                usageCompletionTokens = usage.path("completion_tokens").asInt(-1);
            }
            JsonNode choice = chunk.path("choices").path(0);
            String content =
                    choice.has("delta")
                            ? choice.path("delta").path("content").asText("")
                            : choice.path("text").asText("");
            if (!content.isEmpty()) {
                contentChunks++;
            }
        } catch (IOException e) {
            malformed = true;
        }
    }

    int contentChunks() {
        return contentChunks;
    }

    /** Completion tokens from the usage chunk, or the content chunks counted when none came. */
    int completionTokens() {
        return usageCompletionTokens >= 0 ? usageCompletionTokens : contentChunks;
    }

    boolean done() {
        return done;
    }

    boolean malformed() {
        return malformed;
    }
}
