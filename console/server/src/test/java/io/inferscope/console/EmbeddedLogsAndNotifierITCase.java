package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as one deployable: the embedded log store answers {@code /api/v1/logs} from lines on
 * the real broker, the embedded notifier delivers an alert record to a webhook on loopback, its
 * counters appear on the console's {@code /metrics}, and {@code /healthz} reports the Streams
 * state.
 */
class EmbeddedLogsAndNotifierITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void logSearchNotifierAndHealthAreServedByTheConsole() throws Exception {
        List<String> webhookBodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext(
                "/hook",
                ex -> {
                    webhookBodies.add(
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    ex.sendResponseHeaders(200, -1);
                    ex.close();
                });
        receiver.start();
        Path notifiers = dir.resolve("notifiers.yaml");
        Files.writeString(
                notifiers,
                "group_id: console-it-notifier\n"
                        + "state_dir: "
                        + dir.resolve("notifier-state")
                        + "\n"
                        + "targets:\n"
                        + "  - name: hook\n"
                        + "    type: webhook\n"
                        + "    url: http://127.0.0.1:"
                        + receiver.getAddress().getPort()
                        + "/hook\n");

        long now = System.currentTimeMillis();
        ConsoleHarness.produce(
                KAFKA,
                Topics.RAW_LOGS,
                "llm/vllm-0/server",
                line(now - 2_000, "info", "model loaded in 14.2 s", "vllm-0"),
                line(now - 1_000, "error", "upstream timeout after 30 s", "vllm-1"));
        ConsoleHarness.produce(
                KAFKA, Topics.ALERTS, "fp-9", Fixtures.alert("fp-9", "firing", now, null, now));

        try (Console console =
                Console.start(
                        ConsoleConfig.defaults(KAFKA.bootstrapServers(), dir.resolve("state"))
                                .withPort(0)
                                .withApplicationId("console-embedded-it")
                                .withNotifiers(notifiers))) {
            JsonNode page =
                    ConsoleHarness.getUntil(
                            console,
                            "/api/v1/logs?q=timeout&since=1h",
                            body -> body.path("hits").size() == 1);
            assertThat(page.path("hits").get(0).path("message").asText())
                    .isEqualTo("upstream timeout after 30 s");
            assertThat(page.path("hits").get(0).path("labels").path("replica").asText())
                    .isEqualTo("vllm-1");
            assertThat(ConsoleHarness.get(console, "/api/v1/logs?bogus=1").statusCode())
                    .isEqualTo(400);

            long deadline = System.nanoTime() + ConsoleHarness.WAIT.toNanos();
            while (webhookBodies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(webhookBodies).hasSize(1);
            assertThat(webhookBodies.get(0)).contains("\"fingerprint\":\"fp-9\"");
            assertThat(console.awaitRunning(ConsoleHarness.WAIT)).isTrue();
            assertThat(ConsoleHarness.get(console, "/metrics").body())
                    .contains("inferscope_notifier_")
                    .contains("target=\"hook\"");

            HttpResponse<String> health = ConsoleHarness.get(console, "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void withoutLogSearchTheEndpointSaysSo() throws Exception {
        try (Console console =
                Console.start(
                        ConsoleConfig.defaults(KAFKA.bootstrapServers(), dir.resolve("state2"))
                                .withPort(0)
                                .withApplicationId("console-nologs-it")
                                .withLogSearch(false))) {
            HttpResponse<String> r = ConsoleHarness.get(console, "/api/v1/logs?q=x");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("log search is not enabled");
        }
    }

    private static ObjectNode line(long ts, String level, String message, String pod) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("ts_ms", ts).put("level", level).put("message", message);
        r.put("container", "server").put("stream", "stdout");
        r.putObject("labels")
                .put("namespace", "llm")
                .put("deployment", "vllm-llama")
                .put("replica", pod);
        return r;
    }
}
