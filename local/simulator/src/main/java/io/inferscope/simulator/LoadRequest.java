package io.inferscope.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.random.RandomGenerator;

/**
 * One request the load generator sends: the endpoint, whether it streams, and its JSON body with a
 * filler prompt of the drawn length and {@code max_tokens} set to the drawn output length.
 */
record LoadRequest(String path, boolean stream, int promptTokens, int maxTokens, String body) {

    static final String CHAT_PATH = "/v1/chat/completions";
    static final String COMPLETIONS_PATH = "/v1/completions";

    /** Draws the next request of the configured mix. */
    static LoadRequest draw(LoadConfig config, RandomGenerator random) {
        boolean stream = random.nextDouble() < config.streamRatio();
        boolean chat = random.nextDouble() < config.chatRatio();
        boolean usage = stream && random.nextDouble() < config.includeUsageRatio();
        int prompt = config.promptTokens().sample(random);
        int output = config.outputTokens().sample(random);
        String text = FillerText.ofTokens(random, prompt);

        ObjectNode body = OpenAiWire.JSON.createObjectNode().put("model", config.model());
        if (chat) {
            body.putArray("messages").addObject().put("role", "user").put("content", text);
        } else {
            body.put("prompt", text);
        }
        body.put("max_tokens", output).put("stream", stream);
        if (usage) {
            body.putObject("stream_options").put("include_usage", true);
        }
        try {
            String json = OpenAiWire.JSON.writeValueAsString(body);
            return new LoadRequest(
                    chat ? CHAT_PATH : COMPLETIONS_PATH, stream, prompt, output, json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
