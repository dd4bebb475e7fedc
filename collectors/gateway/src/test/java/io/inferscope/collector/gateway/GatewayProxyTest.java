package io.inferscope.collector.gateway;

import static io.inferscope.collector.gateway.Clients.chatBody;
import static io.inferscope.collector.gateway.Clients.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestEvent.Status;
import io.inferscope.schemas.TokenProgress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway over real loopback HTTP against a scripted upstream, with records collected in memory
 * (the Kafka path is covered by {@code GatewayITCase}). Covers the paths that need precise timing
 * control: upstream silence, a stream cut mid-body, pass-through, and the wait queue.
 */
class GatewayProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptedUpstream upstream;
    private Gateway gateway;
    private final CollectingSink sink = new CollectingSink();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void streamingResponseIsMeasuredAndTheInjectedUsageChunkNeverReachesTheClient()
            throws Exception {
        upstream = new ScriptedUpstream((r, out) -> sse(out, SseRelayTest.stream("\n", true)));
        gateway = start(base());

        HttpResponse<byte[]> resp =
                post(gateway.port(), "/v1/chat/completions", chatBody(true, false));

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.body()).isEqualTo(SseRelayTest.stream("\n", false));
        JsonNode forwarded = JSON.readTree(upstream.received().get(0).body());
        assertThat(forwarded.path("stream_options").path("include_usage").asBoolean()).isTrue();
        RequestEvent end = sink.awaitEnd(5_000);
        assertThat(end.status()).isEqualTo(Status.OK);
        assertThat(end.promptTokens()).isEqualTo(9);
        assertThat(end.completionTokens()).isEqualTo(2);
        assertThat(end.tokensEstimated()).isFalse();
        assertThat(end.ttftMs()).isNotNull().isLessThanOrEqualTo(end.e2eMs());
        assertThat(end.labels().replica()).isEqualTo(upstream.url().substring(7));
        assertThat(end.labels().model()).isEqualTo("test-model");
        assertThat(end.labels().cluster()).isEqualTo("c1");
        assertThat(sink.tokens().stream().mapToInt(TokenProgress::completionTokens).sum())
                .isEqualTo(2);
    }

    @Test
    void upstreamSilenceBeyondTheTimeoutEndsAsTimeoutWith504() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream = new ScriptedUpstream((r, out) -> release.await(10, TimeUnit.SECONDS));
        gateway = start(base().withUpstreamTimeout(Duration.ofMillis(300)));

        HttpResponse<byte[]> resp = post(gateway.port(), "/v1/completions", "{\"prompt\":\"x\"}");
        release.countDown();

        assertThat(resp.statusCode()).isEqualTo(504);
        assertThat(Clients.text(resp)).contains("\"code\":\"upstream_timeout\"");
        RequestEvent end = sink.awaitEnd(5_000);
        assertThat(end.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(end.httpStatus()).isEqualTo(504);
    }

    @Test
    void silenceMidStreamIsATimeoutAndTheClientSeesABrokenResponse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream =
                new ScriptedUpstream(
                        (r, out) -> {
                            out.head(200, "text/event-stream")
                                    .chunk("data: " + SseRelayTest.HELLO + "\n\n");
                            release.await(10, TimeUnit.SECONDS);
                        });
        gateway = start(base().withUpstreamTimeout(Duration.ofMillis(400)));

        Throwable failure = null;
        try {
            post(gateway.port(), "/v1/chat/completions", chatBody(true, true));
        } catch (java.io.IOException e) {
            failure = e;
        }
        release.countDown();

        assertThat(failure).as("the client must not see a clean end").isNotNull();
        RequestEvent end = sink.awaitEnd(5_000);
        assertThat(end.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(end.completionTokens()).isEqualTo(1);
        assertThat(end.tokensEstimated()).isTrue();
    }

    @Test
    void streamCutMidBodyIsAnUpstream5xx() throws Exception {
        upstream =
                new ScriptedUpstream(
                        (r, out) -> {
                            out.head(200, "text/event-stream")
                                    .chunk("data: " + SseRelayTest.HELLO + "\n\n");
                            out.cut();
                        });
        gateway = start(base());

        try {
            post(gateway.port(), "/v1/chat/completions", chatBody(true, true));
        } catch (java.io.IOException expected) {
            // the broken stream reaches the client as a broken response
        }

        RequestEvent end = sink.awaitEnd(5_000);
        assertThat(end.errorClass()).isEqualTo(ErrorClass.UPSTREAM_5XX);
        assertThat(end.httpStatus()).isEqualTo(200);
    }

    @Test
    void otherPathsPassThroughUnchangedWithoutRecords() throws Exception {
        byte[] models =
                "{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}".getBytes(StandardCharsets.UTF_8);
        upstream = new ScriptedUpstream((r, out) -> out.full(200, "application/json", models));
        gateway = start(base());

        HttpResponse<byte[]> resp = Clients.get(gateway.port(), "/v1/models?x=1");

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.body()).isEqualTo(models);
        assertThat(upstream.received().get(0).path()).isEqualTo("/v1/models?x=1");
        Thread.sleep(100);
        assertThat(sink.all).isEmpty();
        assertThat(gateway.metrics().requestsTotal("other", "2xx")).isEqualTo(1);
    }

    @Test
    void clientLeavingWhileQueuedIsCancelledAndFreesNoSlotTwice() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        upstream =
                new ScriptedUpstream(
                        (r, out) -> {
                            if (first.getAndSet(false)) {
                                release.await(10, TimeUnit.SECONDS);
                            }
                            out.full(
                                    200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                        });
        gateway = start(base().withConcurrency(1, 4, Duration.ofSeconds(10)));
        Thread holder =
                new Thread(
                        () -> {
                            try {
                                post(gateway.port(), "/v1/completions", "{\"prompt\":\"a\"}");
                            } catch (Exception ignored) {
                                // only holds the slot
                            }
                        });
        holder.start();
        upstream.awaitRequest(1, 5_000);

        try (java.net.Socket s = new java.net.Socket("127.0.0.1", gateway.port())) {
            byte[] body = "{\"prompt\":\"b\"}".getBytes(StandardCharsets.UTF_8);
            s.getOutputStream()
                    .write(
                            ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                            + body.length
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gateway.metrics().queueDepth() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        RequestEvent cancelled = sink.awaitEnd(5_000);
        release.countDown();
        holder.join(10_000);

        assertThat(cancelled.errorClass()).isEqualTo(ErrorClass.CANCELLED);
        assertThat(cancelled.queueMs()).isNotNull();
        List<RequestEvent> ends = sink.awaitEnds(2, 5_000);
        assertThat(ends.get(1).status()).isEqualTo(Status.OK);
        // The next request gets the (single) slot at once.
        HttpResponse<byte[]> again = post(gateway.port(), "/v1/completions", "{\"prompt\":\"c\"}");
        assertThat(again.statusCode()).isEqualTo(200);
    }

    @Test
    void portInUseIsABindException() throws Exception {
        upstream = new ScriptedUpstream((r, out) -> out.end());
        try (ServerSocket taken = new ServerSocket(0)) {
            GatewayConfig cfg = base().withListen("0.0.0.0", taken.getLocalPort());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gateway.start(cfg, sink))
                    .isInstanceOf(java.net.BindException.class);
        }
    }

    @Test
    void runsOnNettysNativeEpollTransportOnLinuxX86() throws Exception {
        upstream = new ScriptedUpstream((r, out) -> out.end());
        gateway = start(base());
        boolean linuxX86 =
                System.getProperty("os.name").startsWith("Linux")
                        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        assertThat(gateway.transport()).isEqualTo(linuxX86 ? "epoll" : "nio");
    }

    private GatewayConfig base() {
        return GatewayConfig.defaults(List.of(Upstream.parse(upstream.url())))
                .withListen("127.0.0.1", 0)
                .withLabels(new Labels("c1", "ns1", "dep1", null, null, null))
                .withEventLoops(2);
    }

    private Gateway start(GatewayConfig cfg) throws Exception {
        return Gateway.start(cfg, sink);
    }

    static void sse(ScriptedUpstream.Responder out, byte[] stream) throws java.io.IOException {
        out.head(200, "text/event-stream");
        String s = new String(stream, StandardCharsets.UTF_8);
        for (String event : s.split("(?<=\n\n)")) {
            out.chunk(event);
        }
        out.end();
    }
}
