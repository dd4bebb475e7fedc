package io.inferscope.collector.gateway;

import static io.inferscope.collector.gateway.Clients.COMPLETION_MARKER;
import static io.inferscope.collector.gateway.Clients.PROMPT_MARKER;
import static io.inferscope.collector.gateway.Clients.SECRET_MARKER;
import static io.inferscope.collector.gateway.Clients.chatBody;
import static io.inferscope.collector.gateway.Clients.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestEvent.Endpoint;
import io.inferscope.schemas.RequestEvent.Status;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.Topics;
import io.inferscope.simulator.FleetConfig;
import io.inferscope.simulator.FleetSimulator;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end: real HTTP on loopback, in front of the fleet simulator or a scripted
 * upstream, publishing through a real {@link Publisher} to a real broker; the raw topics are then
 * consumed and decoded with the strict codecs. Each test labels its records with its own
 * deployment, so tests sharing the topics read only their own.
 */
class GatewayITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir static Path spool;
    private static Publisher publisher;
    private static FleetSimulator fleet;

    private String deployment;
    private ScriptedUpstream upstream;
    private Gateway gateway;

    @BeforeAll
    static void startShared() {
        publisher =
                Publisher.start(
                        PublisherConfig.builder(KAFKA.bootstrapServers())
                                .clientId("gateway-it")
                                .spoolDir(spool)
                                .build());
        fleet = FleetSimulator.start(FleetConfig.of(2));
    }

    @AfterAll
    static void stopShared() {
        fleet.close();
        publisher.close();
    }

    @BeforeEach
    void name(TestInfo info) {
        deployment = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void simulatorStreamAndNonStreamEndOkWithTheUpstreamUsageExactly() throws Exception {
        gateway = start(config(fleet.replicaUrls()));
        String streamAsking =
                "{\"model\":\"llama\",\"stream\":true,\"max_tokens\":12,"
                        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String nonStream =
                "{\"model\":\"llama\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String streamInjected =
                "{\"model\":\"llama\",\"stream\":true,\"max_tokens\":12,\"prompt\":\"hi\"}";

        HttpResponse<byte[]> a = post(gateway.port(), "/v1/chat/completions", streamAsking);
        HttpResponse<byte[]> b = post(gateway.port(), "/v1/chat/completions", nonStream);
        HttpResponse<byte[]> c = post(gateway.port(), "/v1/completions", streamInjected);

        assertThat(List.of(a.statusCode(), b.statusCode(), c.statusCode())).containsOnly(200);
        JsonNode usageA = usageChunk(a.body());
        assertThat(usageA).as("the client asked for usage: it gets the chunk").isNotNull();
        assertThat(usageChunk(c.body())).as("injected usage is not shown to the client").isNull();
        assertThat(Clients.text(c)).endsWith("data: [DONE]\n\n");
        JsonNode usageB = JSON.readTree(b.body()).path("usage");

        List<RequestEvent> ends = awaitEnds(3);
        RequestEvent endA = byStream(ends, true, Endpoint.CHAT_COMPLETIONS);
        RequestEvent endB = byStream(ends, false, Endpoint.CHAT_COMPLETIONS);
        RequestEvent endC = byStream(ends, true, Endpoint.COMPLETIONS);
        assertThat(ends).allMatch(e -> e.status() == Status.OK && e.httpStatus() == 200);
        assertThat(endA.completionTokens()).isEqualTo(usageA.path("completion_tokens").asInt());
        assertThat(endA.promptTokens()).isEqualTo(usageA.path("prompt_tokens").asInt());
        assertThat(endB.completionTokens()).isEqualTo(usageB.path("completion_tokens").asInt());
        assertThat(endB.promptTokens()).isEqualTo(usageB.path("prompt_tokens").asInt());
        assertThat(endC.completionTokens()).isEqualTo(contentChunks(c.body()));
        assertThat(ends).allMatch(e -> Boolean.FALSE.equals(e.tokensEstimated()));
        assertThat(endA.ttftMs()).isPositive().isLessThan(endA.e2eMs());
        assertThat(endA.generationMs()).isLessThanOrEqualTo(endA.e2eMs() - endA.ttftMs() + 1);
        assertThat(endB.ttftMs()).as("no first token is observable without streaming").isNull();
        assertThat(ends)
                .extracting(e -> e.labels().replica())
                .allMatch(r -> r.startsWith("127.0.0.1:"));

        List<RequestEvent> starts = requests().stream().filter(RequestEvent::isStart).toList();
        assertThat(starts).hasSize(3).allMatch(s -> "llama".equals(s.labels().model()));
        // Dispatched without waiting: each start names the replica its end names, so the
        // replica's arrivals and in-flight count it.
        for (RequestEvent end : ends) {
            assertThat(starts)
                    .filteredOn(st -> st.requestId().equals(end.requestId()))
                    .singleElement()
                    .satisfies(st -> assertThat(st.labels()).isEqualTo(end.labels()));
        }
        List<TokenProgress> progress = tokens();
        for (RequestEvent end : ends) {
            List<TokenProgress> mine =
                    progress.stream().filter(p -> p.requestId().equals(end.requestId())).toList();
            assertThat(mine.stream().mapToInt(TokenProgress::completionTokens).sum())
                    .as("progress of %s sums to its end record", end.requestId())
                    .isEqualTo(end.completionTokens());
            assertThat(mine.stream().filter(p -> p.promptTokens() != null))
                    .singleElement()
                    .satisfies(p -> assertThat(p.promptTokens()).isEqualTo(end.promptTokens()));
        }
    }

    @Test
    void clientGetsTheUpstreamBytesMinusTheInjectedUsageChunk() throws Exception {
        byte[] withUsage = SseRelayTest.stream("\n", true);
        upstream = new ScriptedUpstream((r, out) -> GatewayProxyTest.sse(out, withUsage));
        gateway = start(config(List.of(upstream.url())));

        HttpResponse<byte[]> resp =
                post(gateway.port(), "/v1/chat/completions", chatBody(true, false));

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(resp.body()).isEqualTo(SseRelayTest.stream("\n", false));
        RequestEvent end = awaitEnds(1).get(0);
        assertThat(end.completionTokens()).isEqualTo(2);
        assertThat(end.promptTokens()).isEqualTo(9);
        assertThat(end.tokensEstimated()).isFalse();
        assertThat(end.tpotMs()).isNotNull();
    }

    @Test
    void clientThatAskedForUsageGetsEveryUpstreamByte() throws Exception {
        byte[] withUsage = SseRelayTest.stream("\r\n", true);
        upstream = new ScriptedUpstream((r, out) -> GatewayProxyTest.sse(out, withUsage));
        gateway = start(config(List.of(upstream.url())));
        String body = chatBody(true, true);

        HttpResponse<byte[]> resp = post(gateway.port(), "/v1/chat/completions", body);

        assertThat(resp.body()).isEqualTo(withUsage);
        assertThat(upstream.received().get(0).bodyText()).isEqualTo(body);
        assertThat(awaitEnds(1).get(0).completionTokens()).isEqualTo(2);
    }

    @Test
    void nonStreamingBodyIsUnchangedAndItsUsageCounted() throws Exception {
        byte[] body =
                ("{\"id\":\"x\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}],"
                                + "\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":17,\"total_tokens\":48}}")
                        .getBytes(StandardCharsets.UTF_8);
        upstream = new ScriptedUpstream((r, out) -> out.full(200, "application/json", body));
        gateway = start(config(List.of(upstream.url())));

        HttpResponse<byte[]> resp =
                post(gateway.port(), "/v1/chat/completions", chatBody(false, false));

        assertThat(resp.body()).isEqualTo(body);
        RequestEvent end = awaitEnds(1).get(0);
        assertThat(end.completionTokens()).isEqualTo(17);
        assertThat(end.promptTokens()).isEqualTo(31);
        assertThat(end.stream()).isFalse();
        assertThat(end.ttftMs()).isNull();
        assertThat(tokens())
                .singleElement()
                .satisfies(p -> assertThat(p.completionTokens()).isEqualTo(17));
    }

    @Test
    void withheldUsageIsEstimatedFromTheContentChunks() throws Exception {
        byte[] noUsage = SseRelayTest.stream("\n", false); // the upstream ignores include_usage
        upstream = new ScriptedUpstream((r, out) -> GatewayProxyTest.sse(out, noUsage));
        gateway = start(config(List.of(upstream.url())));

        HttpResponse<byte[]> resp =
                post(gateway.port(), "/v1/chat/completions", chatBody(true, false));

        assertThat(resp.body()).isEqualTo(noUsage);
        RequestEvent end = awaitEnds(1).get(0);
        assertThat(end.status()).isEqualTo(Status.OK);
        assertThat(end.tokensEstimated()).isTrue();
        assertThat(end.completionTokens()).isEqualTo(2); // "Hello", " world"; the role chunk not
        assertThat(end.promptTokens()).isNull();
    }

    @Test
    void upstream500IsUpstream5xxAndPassedThrough() throws Exception {
        byte[] error = "{\"error\":{\"message\":\"engine dead\"}}".getBytes(StandardCharsets.UTF_8);
        upstream = new ScriptedUpstream((r, out) -> out.full(500, "application/json", error));
        gateway = start(config(List.of(upstream.url())));

        HttpResponse<byte[]> resp =
                post(gateway.port(), "/v1/chat/completions", chatBody(true, false));

        assertThat(resp.statusCode()).isEqualTo(500);
        assertThat(resp.body()).isEqualTo(error);
        RequestEvent end = awaitEnds(1).get(0);
        assertThat(end.errorClass()).isEqualTo(ErrorClass.UPSTREAM_5XX);
        assertThat(end.httpStatus()).isEqualTo(500);
        assertThat(end.completionTokens()).isNull();
    }

    @Test
    void upstream400IsClient4xx() throws Exception {
        byte[] error = "{\"error\":{\"message\":\"bad\"}}".getBytes(StandardCharsets.UTF_8);
        upstream = new ScriptedUpstream((r, out) -> out.full(400, "application/json", error));
        gateway = start(config(List.of(upstream.url())));

        HttpResponse<byte[]> resp = post(gateway.port(), "/v1/completions", "{\"prompt\":1}");

        assertThat(resp.statusCode()).isEqualTo(400);
        RequestEvent end = awaitEnds(1).get(0);
        assertThat(end.errorClass()).isEqualTo(ErrorClass.CLIENT_4XX);
        assertThat(end.status()).isEqualTo(Status.ERROR);
    }

    @Test
    void refusedConnectionIsUpstreamConnectAndA502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        gateway = start(config(List.of("http://127.0.0.1:" + closedPort)));

        HttpResponse<byte[]> resp =
                post(gateway.port(), "/v1/chat/completions", chatBody(true, false));

        assertThat(resp.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(resp.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_connect");
        assertThat(error.path("message").asText()).isNotBlank();
        RequestEvent end = awaitEnds(1).get(0);
        assertThat(end.errorClass()).isEqualTo(ErrorClass.UPSTREAM_CONNECT);
        assertThat(end.httpStatus()).isEqualTo(502);
    }

    @Test
    void deadReplicaIsEjectedAndRefusedRequestsAreRetriedOnceOnTheHealthyOne() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        byte[] body =
                ("{\"id\":\"x\",\"choices\":[],"
                                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}")
                        .getBytes(StandardCharsets.UTF_8);
        upstream = new ScriptedUpstream((r, out) -> out.full(200, "application/json", body));
        // A long cooldown so the ejection cannot lapse on a slow machine during the test.
        gateway =
                start(
                        config(
                                        List.of(
                                                "dead=http://127.0.0.1:" + closedPort,
                                                "live=" + upstream.url()))
                                .withEjection(3, Duration.ofSeconds(60)));

        int n = 20;
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (post(gateway.port(), "/v1/chat/completions", chatBody(false, false)).statusCode()
                    == 200) {
                ok++;
            }
        }

        assertThat(ok).as("answered 200").isGreaterThanOrEqualTo(n * 95 / 100);
        GatewayMetrics metrics = gateway.metrics();
        assertThat(metrics.ejectionsTotal("dead")).isEqualTo(1);
        assertThat(metrics.ejectionsTotal("live")).isZero();
        assertThat(metrics.retriesTotal()).as("one retry per refused connection").isEqualTo(3);
        assertThat(upstream.received()).as("no request reached a server twice").hasSize(n);
        List<RequestEvent> ends = awaitEnds(n);
        assertThat(ends)
                .allSatisfy(
                        e -> {
                            assertThat(e.status()).isEqualTo(Status.OK);
                            assertThat(e.labels().replica()).isEqualTo("live");
                            assertThat(e.queueMs()).isNotNull().isLessThanOrEqualTo(e.e2eMs());
                        });
    }

    @Test
    void clientHangingUpMidStreamIsCancelledAndCancelsTheUpstream() throws Exception {
        CountDownLatch upstreamCancelled = new CountDownLatch(1);
        upstream =
                new ScriptedUpstream(
                        (r, out) -> {
                            out.head(200, "text/event-stream");
                            try {
                                for (int i = 0; i < 400; i++) {
                                    out.chunk(
                                            "data: {\"choices\":[{\"delta\":{\"content\":\""
                                                    + COMPLETION_MARKER
                                                    + "\"}}]}\n\n");
                                    Thread.sleep(25);
                                }
                            } catch (IOException e) {
                                upstreamCancelled.countDown(); // the gateway closed our connection
                            }
                            out.cut();
                        });
        gateway = start(config(List.of(upstream.url())));

        Clients.postAndHangUpAfter(
                gateway.port(), "/v1/chat/completions", chatBody(true, false), COMPLETION_MARKER);

        RequestEvent end = awaitEnds(1).get(0);
        assertThat(end.errorClass()).isEqualTo(ErrorClass.CANCELLED);
        assertThat(end.httpStatus()).isEqualTo(200);
        assertThat(end.completionTokens()).isPositive();
        assertThat(end.tokensEstimated()).isTrue();
        assertThat(upstreamCancelled.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waitQueueTimeoutIs503AndRejected() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream = holdingUpstream(release);
        gateway =
                start(
                        config(List.of(upstream.url()))
                                .withConcurrency(1, 4, Duration.ofMillis(300)));
        CompletableFuture<HttpResponse<byte[]>> holder = holdSlot();

        HttpResponse<byte[]> waited = post(gateway.port(), "/v1/completions", "{\"prompt\":\"b\"}");
        release.countDown();

        assertThat(waited.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(waited.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_overloaded");
        assertThat(holder.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        RequestEvent rejected = rejectedEnd(awaitEnds(2));
        assertThat(rejected.httpStatus()).isEqualTo(503);
        assertThat(rejected.queueMs()).isGreaterThanOrEqualTo(290.0);
    }

    @Test
    void fullQueueIs429AndRejected() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream = holdingUpstream(release);
        gateway =
                start(
                        config(List.of(upstream.url()))
                                .withConcurrency(1, 1, Duration.ofSeconds(20)));
        CompletableFuture<HttpResponse<byte[]>> holder = holdSlot();
        CompletableFuture<HttpResponse<byte[]>> queued =
                CompletableFuture.supplyAsync(() -> postQuietly("{\"prompt\":\"q\"}"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.metrics().queueDepth() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        HttpResponse<byte[]> refused =
                post(gateway.port(), "/v1/completions", "{\"prompt\":\"c\"}");
        release.countDown();

        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(holder.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        List<RequestEvent> ends = awaitEnds(3);
        RequestEvent rejected = rejectedEnd(ends);
        assertThat(rejected.httpStatus()).isEqualTo(429);
        // The start of a request that waited went out at arrival, before a replica was chosen;
        // its dispatch record names the replica, at the dispatch instant.
        RequestEvent waitedEnd =
                ends.stream()
                        .filter(e -> e.httpStatus() == 200 && e.queueMs() != null)
                        .max(java.util.Comparator.comparingDouble(RequestEvent::queueMs))
                        .orElseThrow();
        assertThat(waitedEnd.labels().replica()).isNotNull();
        assertThat(requests())
                .filteredOn(e -> e.isStart() && e.requestId().equals(waitedEnd.requestId()))
                .singleElement()
                .satisfies(st -> assertThat(st.labels().replica()).isNull());
        assertThat(requests())
                .filteredOn(e -> e.isDispatch() && e.requestId().equals(waitedEnd.requestId()))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.labels()).isEqualTo(waitedEnd.labels());
                            assertThat(d.queueMs()).isEqualTo(waitedEnd.queueMs());
                            assertThat(d.tsMs())
                                    .isBetween(
                                            waitedEnd.tsMs() - Math.round(waitedEnd.e2eMs()),
                                            waitedEnd.tsMs());
                        });
        assertThat(requests()).filteredOn(RequestEvent::isDispatch).hasSize(1);
    }

    @Test
    void noRecordOnAnyTopicCarriesPromptCompletionOrCredentials() throws Exception {
        String content = "{\"choices\":[{\"delta\":{\"content\":\"" + COMPLETION_MARKER + "\"}}]}";
        byte[] stream =
                ("data: " + content + "\n\ndata: " + SseRelayTest.USAGE + "\n\ndata: [DONE]\n\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] whole =
                ("{\"choices\":[{\"message\":{\"content\":\""
                                + COMPLETION_MARKER
                                + "\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}")
                        .getBytes(StandardCharsets.UTF_8);
        upstream =
                new ScriptedUpstream(
                        (r, out) -> {
                            if (r.bodyText().contains("\"stream\":true")) {
                                GatewayProxyTest.sse(out, stream);
                            } else if (r.path().contains("/v1/completions")) {
                                out.full(
                                        400,
                                        "application/json",
                                        ("{\"error\":{\"message\":\"bad " + PROMPT_MARKER + "\"}}")
                                                .getBytes(StandardCharsets.UTF_8));
                            } else {
                                out.full(200, "application/json", whole);
                            }
                        });
        gateway = start(config(List.of(upstream.url())));

        assertThat(
                        Clients.text(
                                post(
                                        gateway.port(),
                                        "/v1/chat/completions",
                                        chatBody(true, false))))
                .contains(COMPLETION_MARKER);
        assertThat(
                        Clients.text(
                                post(
                                        gateway.port(),
                                        "/v1/chat/completions",
                                        chatBody(false, false))))
                .contains(COMPLETION_MARKER);
        post(gateway.port(), "/v1/completions", "{\"prompt\":\"" + PROMPT_MARKER + "\"}");
        awaitEnds(3);

        // Credentials were forwarded to the upstream, where they belong...
        assertThat(upstream.received().get(0).headers().get("authorization"))
                .isEqualTo("Bearer " + SECRET_MARKER);
        assertThat(upstream.received().get(0).headers().get("api-key")).isEqualTo(SECRET_MARKER);
        // ...and nothing of them, nor of the prompt or completion, is in any record on any topic.
        int scanned = 0;
        for (String topic : List.of(Topics.RAW_REQUESTS.name(), Topics.RAW_TOKENS.name())) {
            for (ConsumerRecord<byte[], byte[]> rec : KAFKA.readAll(topic, WAIT)) {
                String value = new String(rec.value(), StandardCharsets.UTF_8);
                String key = rec.key() == null ? "" : new String(rec.key(), StandardCharsets.UTF_8);
                for (String marker : List.of(PROMPT_MARKER, SECRET_MARKER, COMPLETION_MARKER)) {
                    assertThat(value + key).doesNotContain(marker);
                }
                scanned++;
            }
        }
        assertThat(scanned).isGreaterThanOrEqualTo(6);
    }

    // ---- helpers ----

    private GatewayConfig config(List<String> urls) {
        return GatewayConfig.defaults(urls.stream().map(Upstream::parse).toList())
                .withListen("127.0.0.1", 0)
                .withLabels(new Labels("it", "ns", deployment, null, null, null))
                .withEventLoops(2);
    }

    private static Gateway start(GatewayConfig cfg) throws IOException {
        return Gateway.start(cfg, publisher);
    }

    private static ScriptedUpstream holdingUpstream(CountDownLatch release) throws IOException {
        return new ScriptedUpstream(
                (r, out) -> {
                    if (r.bodyText().contains("\"a\"")) {
                        release.await(10, TimeUnit.SECONDS);
                    }
                    out.full(
                            200,
                            "application/json",
                            "{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}"
                                    .getBytes(StandardCharsets.UTF_8));
                });
    }

    /** Sends the request that holds the only slot, and waits until it reached the upstream. */
    private CompletableFuture<HttpResponse<byte[]>> holdSlot() throws InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> holder =
                CompletableFuture.supplyAsync(() -> postQuietly("{\"prompt\":\"a\"}"));
        assertThat(upstream.awaitRequest(1, 10_000)).isNotNull();
        return holder;
    }

    private HttpResponse<byte[]> postQuietly(String body) {
        try {
            return post(gateway.port(), "/v1/completions", body);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestEvent rejectedEnd(List<RequestEvent> ends) {
        List<RequestEvent> rejected =
                ends.stream().filter(e -> e.errorClass() == ErrorClass.REJECTED).toList();
        assertThat(rejected).hasSize(1);
        return rejected.get(0);
    }

    private static RequestEvent byStream(List<RequestEvent> ends, boolean stream, Endpoint ep) {
        return ends.stream()
                .filter(e -> e.stream() == stream && e.endpoint() == ep)
                .findFirst()
                .orElseThrow();
    }

    /** Waits until this test's deployment has {@code n} end records; returns them. */
    private List<RequestEvent> awaitEnds(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<RequestEvent> ends = List.of();
        while (System.nanoTime() < deadline) {
            ends = requests().stream().filter(e -> e.type() == RequestEvent.Type.END).toList();
            if (ends.size() >= n) {
                assertThat(ends).hasSize(n);
                return ends;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + n + " end records of " + deployment + ": " + ends);
    }

    private List<RequestEvent> requests() {
        publisher.flush(Duration.ofSeconds(5));
        List<RequestEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KAFKA.readAll(Topics.RAW_REQUESTS.name(), WAIT)) {
            RequestEvent e = decode(Topics.RAW_REQUESTS.codec()::decode, r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.requestId());
            if (deployment.equals(e.labels().deployment())) {
                out.add(e);
            }
        }
        return out;
    }

    private List<TokenProgress> tokens() {
        publisher.flush(Duration.ofSeconds(5));
        List<TokenProgress> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KAFKA.readAll(Topics.RAW_TOKENS.name(), WAIT)) {
            TokenProgress p = decode(Topics.RAW_TOKENS.codec()::decode, r.value());
            if (deployment.equals(p.labels().deployment())) {
                out.add(p);
            }
        }
        return out;
    }

    private interface Decoder<T> {
        T decode(byte[] bytes) throws DecodeException;
    }

    private static <T> T decode(Decoder<T> d, byte[] bytes) {
        try {
            return d.decode(bytes);
        } catch (DecodeException e) {
            throw new AssertionError("a published record does not decode: " + e.getMessage(), e);
        }
    }

    /** The usage-only chunk of an SSE body, or null. */
    static JsonNode usageChunk(byte[] sse) throws IOException {
        for (String event : new String(sse, StandardCharsets.UTF_8).split("\n\n")) {
            String data = event.strip();
            if (data.startsWith("data: {")) {
                JsonNode n = JSON.readTree(data.substring(6));
                if (n.path("choices").isArray() && n.path("choices").isEmpty() && n.has("usage")) {
                    return n.path("usage");
                }
            }
        }
        return null;
    }

    /** Content-bearing chunks of an SSE body (non-empty delta.content or text). */
    static int contentChunks(byte[] sse) throws IOException {
        int n = 0;
        for (String event : new String(sse, StandardCharsets.UTF_8).split("\n\n")) {
            String data = event.strip();
            if (data.startsWith("data: {")) {
                for (JsonNode choice : JSON.readTree(data.substring(6)).path("choices")) {
                    if (!choice.path("delta").path("content").asText("").isEmpty()
                            || !choice.path("text").asText("").isEmpty()) {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
