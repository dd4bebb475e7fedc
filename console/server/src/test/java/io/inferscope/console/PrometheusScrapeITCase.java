package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the console's {@code /metrics} every second; PromQL over its HTTP API
 * must return the produced values, and {@code promtool check metrics} must accept the exposition.
 * Needs the Debian {@code prometheus} package (/usr/bin/prometheus, /usr/bin/promtool): without it
 * the test fails, it does not skip.
 */
class PrometheusScrapeITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final String ODD_MODEL = "meta/llama \"3\"\\8b";

    @TempDir Path dir;

    @Test
    void prometheusScrapesLatestValuesAndPromtoolAcceptsExposition() throws Exception {
        if (!Files.isExecutable(PROMETHEUS) || !Files.isExecutable(PROMTOOL)) {
            fail(
                    "Prometheus is not installed ("
                            + PROMETHEUS
                            + ", "
                            + PROMTOOL
                            + "): apt-get install -y prometheus");
        }
        long start = System.currentTimeMillis() / 10_000 * 10_000 - 10_000;
        ConsoleHarness.produce(
                KAFKA,
                Topics.METRICS_REQUESTS,
                Fixtures.GROUP,
                Fixtures.requests(start, 10, 4.0, 100, 200, 1500));
        // The fixture's p99 of {100, 200, 1500} ms is the sample at rank floor(0.99 * 2): 200 ms.
        var odd = Fixtures.requests(start, 10, 2.5, 300);
        ((com.fasterxml.jackson.databind.node.ObjectNode) odd.get("labels"))
                .put("model", ODD_MODEL);
        ConsoleHarness.produce(KAFKA, Topics.METRICS_REQUESTS, "vllm-llama/odd", odd);
        ConsoleHarness.produce(
                KAFKA, Topics.METRICS_GPU, "GPU-1", Fixtures.gpu(start, "GPU-1", 75.0, 40L << 30));
        ConsoleHarness.produce(
                KAFKA, Topics.METRICS_CLUSTER, "llm/vllm-llama", Fixtures.cluster(start, 3, 2, 4));

        try (Console console =
                ConsoleHarness.start(KAFKA, dir.resolve("state"), "console-prom-it")) {
            String exposition = waitForExposition(console);
            assertThat(promtool(exposition)).isEqualTo(0);

            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                            + "scrape_configs:\n  - job_name: console\n    static_configs:\n"
                            + "      - targets: ['127.0.0.1:"
                            + console.port()
                            + "']\n");
            Process prom =
                    new ProcessBuilder(
                                    PROMETHEUS.toString(),
                                    "--config.file=" + config,
                                    "--storage.tsdb.path=" + dir.resolve("data"),
                                    "--web.listen-address=127.0.0.1:" + port)
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("prometheus.log").toFile())
                            .start();
            try {
                assertThat(query(port, "inferscope_requests_per_second{model=\"llama-3-8b\"}"))
                        .isEqualTo(4.0);
                assertThat(
                                query(
                                        port,
                                        "inferscope_request_ttft_seconds{model=\"llama-3-8b\",quantile=\"0.99\"}"))
                        .isEqualTo(0.2);
                assertThat(
                                query(
                                        port,
                                        "inferscope_requests_per_second{model=\""
                                                + ODD_MODEL
                                                        .replace("\\", "\\\\")
                                                        .replace("\"", "\\\"")
                                                + "\"}"))
                        .isEqualTo(2.5);
                assertThat(query(port, "inferscope_gpu_utilization_ratio{gpu=\"GPU-1\"}"))
                        .isEqualTo(0.75);
                assertThat(
                                query(
                                        port,
                                        "inferscope_deployment_replicas{deployment=\"vllm-llama\",state=\"ready\"}"))
                        .isEqualTo(2.0);
                assertThat(query(port, "inferscope_container_restarts{deployment=\"vllm-llama\"}"))
                        .isEqualTo(4.0);
            } finally {
                prom.destroy();
                if (!prom.waitFor(10, TimeUnit.SECONDS)) {
                    prom.destroyForcibly();
                }
            }
        }
    }

    private static String waitForExposition(Console console) throws Exception {
        long deadline = System.nanoTime() + ConsoleHarness.WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> resp = ConsoleHarness.get(console, "/metrics");
            body = resp.body();
            if (resp.statusCode() == 200
                    && body.contains("inferscope_container_restarts")
                    && body.contains("GPU-1")
                    && body.contains("\\\"3\\\"")) {
                assertThat(resp.headers().firstValue("Content-Type"))
                        .hasValue(Exposition.CONTENT_TYPE);
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "exposition incomplete within " + ConsoleHarness.WAIT + ":\n" + body);
    }

    private int promtool(String exposition) throws IOException, InterruptedException {
        Path file = dir.resolve("exposition.txt");
        Files.writeString(file, exposition);
        Path out = dir.resolve("promtool.out");
        Process p =
                new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                        .redirectInput(file.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool did not finish");
        }
        String said = Files.readString(out);
        assertThat(said).as("promtool check metrics on:\n" + exposition).isBlank();
        return p.exitValue();
    }

    /** Polls an instant query until it has exactly one sample; bounded by the harness wait. */
    private static double query(int port, String promql) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri =
                URI.create(
                        "http://127.0.0.1:"
                                + port
                                + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + ConsoleHarness.WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> resp =
                        http.send(
                                HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.ofString());
                last = resp.body();
                JsonNode result = Json.MAPPER.readTree(last).at("/data/result");
                if (resp.statusCode() == 200 && result.size() == 1) {
                    return Double.parseDouble(result.get(0).at("/value/1").asText());
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("PromQL " + promql + " returned no single sample; last: " + last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
