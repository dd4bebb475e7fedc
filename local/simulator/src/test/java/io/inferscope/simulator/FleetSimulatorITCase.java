package io.inferscope.simulator;

import static io.inferscope.simulator.TestClient.chatBody;
import static io.inferscope.simulator.TestClient.completionBody;
import static io.inferscope.simulator.TestClient.events;
import static io.inferscope.simulator.TestClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated fleet over real HTTP on loopback, driven by the JDK client. */
class FleetSimulatorITCase {

    /** Fast enough for tests, slow enough that ordering is visible. */
    static final LatencyModel FAST = new LatencyModel(5, 0.01, 5, 0.08, 1.0);

    private final TestClient client = new TestClient();
    private FleetSimulator fleet;

    private String start(UnaryOperator<ReplicaConfig> change) {
        fleet =
                FleetSimulator.start(
                        FleetConfig.uniform(
                                1, change.apply(ReplicaConfig.defaults("t").withLatency(FAST))));
        return fleet.replicaUrls().get(0);
    }

    @AfterEach
    void closeFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void streamingChatSendsRoleChunkOneChunkPerTokenFinalChunkAndDone() throws Exception {
        String url = start(r -> r);
        HttpResponse<String> resp =
                client.postJson(url, "/v1/chat/completions", chatBody(5, true, false));

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> payloads = events(resp.body());
        assertThat(payloads).hasSize(1 + 5 + 1 + 1).last().isEqualTo("[DONE]");
        JsonNode role = parse(payloads.get(0));
        assertThat(role.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(role.path("id").asText()).startsWith("chatcmpl-");
        assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(role.at("/choices/0/delta/content").asText()).isEmpty();
        for (String content : payloads.subList(1, 6)) {
            JsonNode chunk = parse(content);
            assertThat(chunk.path("id").asText()).isEqualTo(role.path("id").asText());
            assertThat(chunk.at("/choices/0/delta/content").asText()).isNotBlank();
            assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
        }
        JsonNode last = parse(payloads.get(6));
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(last.has("usage")).isFalse();
        assertThat(resp.body()).doesNotContain("fox"); // never echoes the prompt
    }

    @Test
    void usageChunkComesOnlyWhenRequestedAndCountsTheChunksSent() throws Exception {
        String url = start(r -> r);
        List<String> payloads =
                events(
                        client.postJson(url, "/v1/chat/completions", chatBody(7, true, true))
                                .body());

        assertThat(payloads.get(payloads.size() - 1)).isEqualTo("[DONE]");
        JsonNode usage = parse(payloads.get(payloads.size() - 2));
        assertThat(usage.path("choices").isArray()).isTrue();
        assertThat(usage.path("choices")).isEmpty();
        long contentChunks =
                payloads.stream()
                        .filter(p -> !p.equals("[DONE]"))
                        .map(TestClient::parse)
                        .filter(c -> !c.at("/choices/0/delta/content").asText("").isEmpty())
                        .count();
        assertThat(contentChunks).isEqualTo(7);
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(7);
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(7); // 28 chars / 4
        assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(14);
        assertThat(payloads.stream().filter(p -> p.contains("\"usage\""))).hasSize(1);
    }

    @Test
    void streamingCompletionUsesTextCompletionChunks() throws Exception {
        String url = start(r -> r);
        List<String> payloads =
                events(
                        client.postJson(url, "/v1/completions", completionBody(3, true, false))
                                .body());

        assertThat(payloads).hasSize(3 + 1 + 1);
        JsonNode first = parse(payloads.get(0));
        assertThat(first.path("object").asText()).isEqualTo("text_completion");
        assertThat(first.path("id").asText()).startsWith("cmpl-");
        assertThat(first.at("/choices/0/text").asText()).isNotBlank();
        assertThat(parse(payloads.get(3)).at("/choices/0/finish_reason").asText())
                .isEqualTo("length");
        assertThat(payloads.get(4)).isEqualTo("[DONE]");
    }

    @Test
    void nonStreamingResponsesAlwaysCarryUsage() throws Exception {
        String url = start(r -> r);
        JsonNode chat =
                parse(
                        client.postJson(url, "/v1/chat/completions", chatBody(6, false, false))
                                .body());
        JsonNode text =
                parse(
                        client.postJson(url, "/v1/completions", completionBody(4, false, false))
                                .body());

        assertThat(chat.path("object").asText()).isEqualTo("chat.completion");
        assertThat(chat.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(chat.at("/choices/0/message/content").asText().split(" ")).hasSize(6);
        assertThat(chat.at("/usage/completion_tokens").asInt()).isEqualTo(6);
        assertThat(chat.at("/usage/prompt_tokens").asInt()).isEqualTo(7);
        assertThat(text.path("object").asText()).isEqualTo("text_completion");
        assertThat(text.at("/choices/0/text").asText().split(" ")).hasSize(4);
        assertThat(text.at("/usage/completion_tokens").asInt()).isEqualTo(4);
        assertThat(text.at("/usage/prompt_tokens").asInt()).isEqualTo(4); // 16 chars
    }

    @Test
    void outputLengthIsDrawnWhenMaxTokensIsAbsent() throws Exception {
        String url = start(r -> r.withOutputTokens(8, 12));
        String body =
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}";
        JsonNode resp = parse(client.postJson(url, "/v1/chat/completions", body).body());

        assertThat(resp.at("/usage/completion_tokens").asInt()).isBetween(1, 12);
        assertThat(resp.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(resp.path("model").asText()).isEqualTo("m");
    }

    @Test
    void withOneSlotASecondRequestWaitsForTheFirstToFinish() throws Exception {
        String url = start(r -> r.withSlots(1));
        CompletableFuture<Long> firstDone = streamAndTime(url, 40, true);
        awaitActive(1);
        CompletableFuture<Long> secondFirstToken = streamAndTime(url, 3, false);
        assertThat(awaitQueued(1)).isTrue();

        long done = firstDone.get(10, TimeUnit.SECONDS);
        long firstToken = secondFirstToken.get(10, TimeUnit.SECONDS);
        assertThat(firstToken).isGreaterThanOrEqualTo(done);
        assertThat(fleet.replica(0).snapshot().completedRequests()).isGreaterThanOrEqualTo(1);
    }

    /** Streams a chat completion; completes with the nanoTime of [DONE] or of the first token. */
    private CompletableFuture<Long> streamAndTime(String url, int tokens, boolean untilDone) {
        return client.http
                .sendAsync(
                        client.post(url, "/v1/chat/completions", chatBody(tokens, true, false)),
                        HttpResponse.BodyHandlers.ofLines())
                .thenApply(
                        resp -> {
                            try (var lines = resp.body()) {
                                var it = lines.iterator();
                                while (it.hasNext()) {
                                    String line = it.next();
                                    if (untilDone
                                            ? line.equals("data: [DONE]")
                                            : line.contains("\"content\":\"")
                                                    && !line.contains("\"content\":\"\"")) {
                                        return System.nanoTime();
                                    }
                                }
                            }
                            throw new IllegalStateException("stream ended early");
                        });
    }

    private void awaitActive(int active) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fleet.replica(0).snapshot().activeSlots() < active && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private boolean awaitQueued(int queued) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (fleet.replica(0).snapshot().queued() >= queued) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    @Test
    void errorFaultAnswers500WithJsonError() throws Exception {
        String url = start(r -> r);
        fleet.replica(0).setFaults(Faults.NONE.withErrorRate(1.0));
        HttpResponse<String> resp =
                client.postJson(url, "/v1/chat/completions", chatBody(5, true, false));

        assertThat(resp.statusCode()).isEqualTo(500);
        JsonNode error = parse(resp.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(fleet.replica(0).snapshot().failedRequests()).isEqualTo(1);

        fleet.replica(0).setFaults(Faults.NONE);
        assertThat(
                        client.postJson(url, "/v1/chat/completions", chatBody(2, false, false))
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void disconnectFaultBreaksTheStreamBeforeDone() throws Exception {
        String url = start(r -> r.withFaults(Faults.NONE.withDisconnectRate(1.0)));
        HttpResponse<InputStream> resp =
                client.http.send(
                        client.post(url, "/v1/chat/completions", chatBody(30, true, true)),
                        HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        Throwable broken = null;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            broken = e;
        }

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(broken).as("the stream must end abnormally").isNotNull();
        assertThat(lines).doesNotContain("data: [DONE]");
        assertThat(lines.stream().filter(l -> l.contains("\"finish_reason\":\"length\"")))
                .isEmpty();
    }

    @Test
    void slowFirstTokenFaultDelaysTheFirstToken() throws Exception {
        String url = start(r -> r.withFaults(Faults.NONE.withSlowFirstToken(1.0, 400)));
        long t0 = System.nanoTime();
        client.postJson(url, "/v1/chat/completions", chatBody(1, false, false));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                .isGreaterThanOrEqualTo(400);
    }

    @Test
    void clientDisconnectFreesTheSlotForTheNextRequest() throws Exception {
        String url = start(r -> r.withSlots(1));
        int port = fleet.replica(0).port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            String body = chatBody(4000, true, false); // 20 s of decoding if it were not freed
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: "
                                    + body.getBytes(StandardCharsets.UTF_8).length
                                    + "\r\n\r\n"
                                    + body)
                            .getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.setSoTimeout(5_000);
            BufferedReader reader =
                    new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.contains("\"content\":\"")) {
                // skip headers and the role chunk until tokens flow
            }
            assertThat(fleet.replica(0).snapshot().activeSlots()).isEqualTo(1);
        }

        long t0 = System.nanoTime();
        HttpResponse<String> next =
                client.postJson(url, "/v1/chat/completions", chatBody(3, false, false));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(3);
        ReplicaStats stats = fleet.replica(0).snapshot();
        assertThat(stats.abortedRequests()).isEqualTo(1);
        assertThat(stats.activeSlots()).isZero();
        assertThat(stats.completedTokens()).isLessThan(1000);
    }

    @Test
    void downReplicaRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
        String url = start(r -> r);
        Replica replica = fleet.replica(0);
        int port = replica.port();
        replica.setDown(true);

        assertThat(replica.snapshot().down()).isTrue();
        assertThatThrownBy(() -> new TestClient().get(url, "/health"))
                .isInstanceOf(ConnectException.class);

        replica.setDown(false);
        assertThat(replica.port()).isEqualTo(port);
        assertThat(new TestClient().get(url, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void modelsHealthAndMetricsAnswer() throws Exception {
        String url = start(r -> r.withModel("tiny-model"));
        JsonNode models = parse(client.get(url, "/v1/models").body());

        assertThat(models.at("/data/0/id").asText()).isEqualTo("tiny-model");
        assertThat(client.get(url, "/health").statusCode()).isEqualTo(200);
        assertThat(client.get(url, "/metrics").body()).contains("vllm:num_requests_running");
        assertThat(client.get(url, "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedOrOversizedRequestsAre400() throws Exception {
        String url = start(r -> r.withMaxModelLen(100));
        assertThat(client.postJson(url, "/v1/chat/completions", "{not json").statusCode())
                .isEqualTo(400);
        assertThat(client.postJson(url, "/v1/chat/completions", "{\"model\":\"m\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> tooLong =
                client.postJson(url, "/v1/chat/completions", chatBody(200, false, false));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(parse(tooLong.body()).at("/error/message").asText()).contains("context length");
    }

    @Test
    void sustainsSixtyFourConcurrentStreams() throws Exception {
        String url = start(r -> r.withSlots(64));
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            streams.add(
                    client.http.sendAsync(
                            client.post(url, "/v1/chat/completions", chatBody(40, true, true)),
                            HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> stream : streams) {
            List<String> payloads = events(stream.get(15, TimeUnit.SECONDS).body());
            assertThat(payloads).last().isEqualTo("[DONE]");
            assertThat(
                            parse(payloads.get(payloads.size() - 2))
                                    .at("/usage/completion_tokens")
                                    .asInt())
                    .isEqualTo(40);
        }
        assertThat(fleet.replica(0).snapshot().completedTokens()).isEqualTo(64 * 40);
    }
}
