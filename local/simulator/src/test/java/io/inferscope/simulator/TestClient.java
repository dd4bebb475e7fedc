package io.inferscope.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A JDK HTTP/1.1 client for the simulator's endpoints, with SSE splitting for the tests. */
final class TestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

    HttpRequest post(String baseUrl, String path, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("content-type", "application/json")
                .header("authorization", "Bearer sk-test-client")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String baseUrl, String path, String json)
            throws IOException, InterruptedException {
        return send(post(baseUrl, path, json));
    }

    HttpResponse<String> get(String baseUrl, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code data:} payloads of an event-stream body, in order. */
    static List<String> events(String body) {
        List<String> payloads = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (event.startsWith("data: ")) {
                payloads.add(event.substring(6));
            }
        }
        return payloads;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String chatBody(int maxTokens, boolean stream, boolean includeUsage) {
        String usage = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
        return "{\"model\":\"llama-3.1-8b-instruct\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Tell me a story about a fox.\"}],\"max_tokens\":"
                + maxTokens
                + ",\"stream\":"
                + stream
                + usage
                + "}";
    }

    static String completionBody(int maxTokens, boolean stream, boolean includeUsage) {
        String usage = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
        return "{\"model\":\"llama-3.1-8b-instruct\",\"prompt\":\"Once upon a time\","
                + "\"max_tokens\":"
                + maxTokens
                + ",\"stream\":"
                + stream
                + usage
                + "}";
    }
}
