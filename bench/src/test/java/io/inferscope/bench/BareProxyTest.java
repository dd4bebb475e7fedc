package io.inferscope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reference proxy relays over real HTTP on loopback: request body in, streamed body out. */
class BareProxyTest {
    private static final List<String> EVENTS =
            List.of("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: [DONE]\n\n");

    private Vertx vertx;
    private HttpServer upstream;
    private volatile String receivedBody;

    @BeforeEach
    void startUpstream() throws Exception {
        vertx = Vertx.vertx();
        upstream =
                vertx.createHttpServer()
                        .requestHandler(
                                req ->
                                        req.body()
                                                .onSuccess(
                                                        b -> {
                                                            receivedBody = b.toString();
                                                            var resp = req.response();
                                                            resp.setChunked(true)
                                                                    .putHeader(
                                                                            "content-type",
                                                                            "text/event-stream");
                                                            // One write per event, a few ms
                                                            // apart, as a streaming server
                                                            // sends them.
                                                            for (int i = 0;
                                                                    i < EVENTS.size();
                                                                    i++) {
                                                                String e = EVENTS.get(i);
                                                                vertx.setTimer(
                                                                        5L * (i + 1),
                                                                        t -> resp.write(e));
                                                            }
                                                            vertx.setTimer(
                                                                    5L * (EVENTS.size() + 1),
                                                                    t -> resp.end());
                                                        }))
                        .listen(0, "127.0.0.1")
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void relaysTheRequestAndTheStreamedResponseUnchanged() throws Exception {
        String body = "{\"model\":\"m\",\"stream\":true}";
        try (BareProxy proxy =
                BareProxy.start(2, List.of("http://127.0.0.1:" + upstream.actualPort()))) {
            HttpResponse<String> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + proxy.port()
                                                                    + "/v1/chat/completions"))
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).contains("text/event-stream");
            assertThat(r.body()).isEqualTo(String.join("", EVENTS));
            assertThat(receivedBody).isEqualTo(body);
        }
    }
}
