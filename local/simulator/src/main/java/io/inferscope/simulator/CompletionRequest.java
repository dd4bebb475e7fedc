package io.inferscope.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the simulator needs from an OpenAI-style request body: never the prompt text itself, only
 * its estimated token count.
 *
 * @param kind chat or legacy completions endpoint
 * @param model the {@code model} field, or null when absent
 * @param stream whether the client asked for server-sent events
 * @param includeUsage {@code stream_options.include_usage}
 * @param promptTokens estimated prompt tokens (about 4 characters each), or the hint header's value
 * @param maxTokens {@code max_tokens} / {@code max_completion_tokens}, or null when absent
 */
record CompletionRequest(
        Kind kind,
        String model,
        boolean stream,
        boolean includeUsage,
        int promptTokens,
        Integer maxTokens) {

    enum Kind {
        CHAT,
        COMPLETION
    }

    /** Characters per token of the estimate; English text averages about four. */
    static final int CHARS_PER_TOKEN = 4;

    /** Thrown for a body the real server would answer with 400. */
    static final class InvalidRequestException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidRequestException(String message) {
            super(message);
        }
    }

    static CompletionRequest parse(Kind kind, JsonNode body, String promptTokensHint)
            throws InvalidRequestException {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object");
        }
        JsonNode modelNode = body.get("model");
        String model = modelNode != null && modelNode.isTextual() ? modelNode.asText() : null;
        boolean stream = body.path("stream").asBoolean(false);
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        int prompt = kind == Kind.CHAT ? chatPromptTokens(body) : completionPromptTokens(body);
        if (promptTokensHint != null) {
            prompt = parseHint(promptTokensHint);
        }
        Integer maxTokens = maxTokens(body);
        return new CompletionRequest(kind, model, stream, includeUsage, prompt, maxTokens);
    }

    private static int chatPromptTokens(JsonNode body) throws InvalidRequestException {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequestException("'messages' must be a non-empty array");
        }
        long chars = 0;
        for (JsonNode message : messages) {
            JsonNode content = message.get("content");
            if (content == null || content.isNull()) {
                continue;
            }
            if (content.isTextual()) {
                chars += content.asText().length();
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    chars += part.path("text").asText("").length();
                }
            } else {
                throw new InvalidRequestException("message content must be a string or parts");
            }
        }
        return tokensOf(chars);
    }

    private static int completionPromptTokens(JsonNode body) throws InvalidRequestException {
        JsonNode prompt = body.get("prompt");
        if (prompt == null || prompt.isNull()) {
            throw new InvalidRequestException("'prompt' is required");
        }
        if (prompt.isTextual()) {
            return tokensOf(prompt.asText().length());
        }
        if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isNumber()) {
            return prompt.size(); // already token ids
        }
        if (prompt.isArray() && !prompt.isEmpty()) {
            return tokensOf(prompt.get(0).asText("").length()); // batch prompts: first one counts
        }
        throw new InvalidRequestException("'prompt' must be a string or an array");
    }

    private static Integer maxTokens(JsonNode body) throws InvalidRequestException {
        JsonNode node = body.get("max_completion_tokens");
        if (node == null || node.isNull()) {
            node = body.get("max_tokens");
        }
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || node.asInt() < 1) {
            throw new InvalidRequestException("max_tokens must be a positive integer");
        }
        return node.asInt();
    }

    private static int parseHint(String hint) throws InvalidRequestException {
        try {
            int tokens = Integer.parseInt(hint.trim());
            if (tokens < 1) {
                throw new NumberFormatException();
            }
            return tokens;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("prompt-tokens hint must be a positive integer");
        }
    }

    private static int tokensOf(long chars) {
        return (int)
                Math.max(
                        1,
                        Math.min(
                                Integer.MAX_VALUE,
                                (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN));
    }
}
