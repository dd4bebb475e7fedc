package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelfMetricsServerTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private SelfMetricsServer server;

    @BeforeEach
    void startServer() {
        server = SelfMetricsServer.start(new InetSocketAddress("127.0.0.1", 0), "gateway");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpResponse<String> request(String method, String path) throws Exception {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(5))
                        .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsServesEveryRegisteredCollectorInTextFormat004() throws Exception {
        server.addCollector(
                w -> w.counter("inferscope_collector_records_sent_total", "Sent.").sample(123));
        server.addCollector(
                w ->
                        w.gauge("inferscope_gateway_upstream_in_flight", "In flight.")
                                .sample(2, "replica", "a\"b"));

        HttpResponse<String> res = request("GET", "/metrics");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type"))
                .contains("text/plain; version=0.0.4; charset=utf-8");
        List<PrometheusWriterTest.Sample> samples = PrometheusWriterTest.parse(res.body());
        assertThat(samples).hasSize(2);
        assertThat(res.body())
                .contains("inferscope_collector_records_sent_total{collector=\"gateway\"} 123\n")
                .contains(
                        "inferscope_gateway_upstream_in_flight{collector=\"gateway\",replica=\"a\\\"b\"} 2\n");
    }

    @Test
    void failingCollectorDoesNotBreakTheScrape() throws Exception {
        server.addCollector(
                w -> {
                    throw new IllegalStateException("boom");
                });
        server.addCollector(w -> w.gauge("up_gauge", "Up.").sample(1));

        HttpResponse<String> res = request("GET", "/metrics");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).contains("up_gauge{collector=\"gateway\"} 1");
    }

    @Test
    void healthzStaysOkWhileSpoolingButSaysSo() throws Exception {
        AtomicReference<String> kafka = new AtomicReference<>("connected");
        server.addHealth("kafka", kafka::get);

        HttpResponse<String> ok = request("GET", "/healthz");
        kafka.set("spooling");
        HttpResponse<String> spooling = request("GET", "/healthz");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body().trim()).isEqualTo("{\"status\":\"ok\",\"kafka\":\"connected\"}");
        assertThat(spooling.statusCode()).isEqualTo(200);
        assertThat(spooling.body().trim()).isEqualTo("{\"status\":\"ok\",\"kafka\":\"spooling\"}");
    }

    @Test
    void unknownPathIs404AndWritesAre405() throws Exception {
        assertThat(request("GET", "/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = request("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void takenPortIsAClearError() {
        InetSocketAddress taken = new InetSocketAddress("127.0.0.1", server.port());
        assertThatThrownBy(() -> SelfMetricsServer.start(taken, "other"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already in use")
                .hasMessageContaining(Integer.toString(server.port()));
    }
}
