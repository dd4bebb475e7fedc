package io.inferscope.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.simulator.CompletionRequest.Kind;
import java.io.UncheckedIOException;

/**
 * The JSON shapes of the OpenAI-compatible API as vLLM serves them: streaming chunks, full
 * responses, usage, errors, the model list. One response's identity ({@code id}, {@code created},
 * {@code model}) is fixed at construction.
 */
final class OpenAiWire {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DONE = "data: [DONE]\n\n";

    private final Kind kind;
    private final String id;
    private final long created;
    private final String model;

    OpenAiWire(Kind kind, String id, long created, String model) {
        this.kind = kind;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    static String sse(String json) {
        return "data: " + json + "\n\n";
    }

    /** A streamed chunk; {@code role} marks the chat stream's first, role-only chunk. */
    String chunk(String content, boolean role, String finishReason) {
        ObjectNode choice = JSON.createObjectNode().put("index", 0);
        if (kind == Kind.CHAT) {
            ObjectNode delta = choice.putObject("delta");
            if (role) {
                delta.put("role", "assistant");
            }
            if (content != null) {
                delta.put("content", content);
            }
        } else {
            choice.put("text", content == null ? "" : content);
            choice.putNull("logprobs");
        }
        putFinish(choice, finishReason);
        ObjectNode chunk =
                envelope(kind == Kind.CHAT ? "chat.completion.chunk" : "text_completion");
        chunk.putArray("choices").add(choice);
        return write(chunk);
    }

    /** The extra chunk sent before {@code [DONE]} when the client asked for usage. */
    String usageChunk(int promptTokens, int completionTokens) {
        ObjectNode chunk =
                envelope(kind == Kind.CHAT ? "chat.completion.chunk" : "text_completion");
        chunk.putArray("choices");
        chunk.set("usage", usage(promptTokens, completionTokens));
        return write(chunk);
    }

    /** A non-streaming response; it always carries {@code usage}, as vLLM's does. */
    String fullResponse(String text, String finishReason, int promptTokens, int completionTokens) {
        ObjectNode choice = JSON.createObjectNode().put("index", 0);
        if (kind == Kind.CHAT) {
            choice.putObject("message").put("role", "assistant").put("content", text);
        } else {
            choice.put("text", text);
            choice.putNull("logprobs");
        }
        putFinish(choice, finishReason);
        ObjectNode body = envelope(kind == Kind.CHAT ? "chat.completion" : "text_completion");
        body.putArray("choices").add(choice);
        body.set("usage", usage(promptTokens, completionTokens));
        return write(body);
    }

    static String error(String message, String type, int code) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .put("code", code);
        return write(body);
    }

    static String models(String model, long created, int maxModelLen) {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        data.addObject()
                .put("id", model)
                .put("object", "model")
                .put("created", created)
                .put("owned_by", "vllm")
                .put("root", model)
                .put("max_model_len", maxModelLen);
        return write(body);
    }

    private ObjectNode envelope(String object) {
        return JSON.createObjectNode()
                .put("id", id)
                .put("object", object)
                .put("created", created)
                .put("model", model);
    }

    private static ObjectNode usage(int promptTokens, int completionTokens) {
        return JSON.createObjectNode()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }

    private static void putFinish(ObjectNode choice, String finishReason) {
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
