package io.inferscope.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.schemas.Alert;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alert records on a real broker → notifier → a real Alertmanager's API v2. */
class AlertmanagerITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir static Path amDir;
    private static AlertmanagerProcess alertmanager;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startAlertmanager() throws Exception {
        alertmanager = AlertmanagerProcess.start(amDir);
    }

    @AfterAll
    static void stopAlertmanager() throws Exception {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    void firingAlertAppearsWithLabelsAndAnnotationsThenResolves(@TempDir Path state)
            throws Exception {
        NotifierConfig config =
                NotifierConfig.of(
                                List.of(
                                        TargetConfig.of(
                                                "am", TargetType.ALERTMANAGER, alertmanager.url())))
                        .withGroupId("notifier-am-it")
                        .withStateDir(state)
                        .withRetry(
                                new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(1), 5));
        try (Notifier notifier = Notifier.start(config, KAFKA.bootstrapServers(), Map.of());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(KAFKA.producerProps())) {
            send(producer, Fixtures.firing("am-fp-1", Fixtures.T0_PLUS_10S));

            JsonNode active = awaitAlert(a -> a.isPresent(), "the firing alert").orElseThrow();
            assertThat(active.path("status").path("state").asText()).isEqualTo("active");
            JsonNode labels = active.path("labels");
            assertThat(labels.path("alertname").asText()).isEqualTo("HighTtftP99");
            assertThat(labels.path("severity").asText()).isEqualTo("critical");
            assertThat(labels.path("namespace").asText()).isEqualTo("llm");
            assertThat(labels.path("deployment").asText()).isEqualTo("chat-7b");
            assertThat(labels.path("model").asText()).isEqualTo("llama-7b");
            JsonNode ann = active.path("annotations");
            assertThat(ann.path("summary").asText()).isEqualTo("TTFT p99 812 ms on chat-7b");
            assertThat(ann.path("runbook_url").asText()).isEqualTo("https://runbooks.example/ttft");
            assertThat(ann.path("value").asText()).isEqualTo("812.5");
            assertThat(Instant.parse(active.path("startsAt").asText()).toEpochMilli())
                    .isEqualTo(Fixtures.T0);
            assertThat(Instant.parse(active.path("endsAt").asText()))
                    .as("no endsAt sent: Alertmanager holds it for resolve_timeout")
                    .isAfter(Instant.now());

            send(producer, Fixtures.resolved("am-fp-1", Fixtures.T0_PLUS_30S));

            awaitAlert(a -> a.isEmpty(), "the alert to leave the active list");
            assertThat(notifier.metrics().target("am").delivered()).isEqualTo(2);
            assertThat(notifier.metrics().target("am").failedPermanent()).isZero();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Alert alert) throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                Topics.ALERTS.name(),
                                alert.fingerprint().getBytes(StandardCharsets.UTF_8),
                                Topics.ALERTS.codec().encode(alert)))
                .get();
    }

    /** Polls Alertmanager's active alerts until our alert's presence matches {@code until}. */
    private Optional<JsonNode> awaitAlert(
            java.util.function.Predicate<Optional<JsonNode>> until, String what) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        Optional<JsonNode> found = Optional.empty();
        while (System.nanoTime() < end) {
            found = ourAlert();
            if (until.test(found)) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "waited "
                        + WAIT
                        + " for "
                        + what
                        + "; last seen: "
                        + found
                        + "\nAlertmanager log:\n"
                        + alertmanager.logTail());
    }

    private Optional<JsonNode> ourAlert() throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                alertmanager.url() + "/api/v2/alerts?active=true"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode a : Json.MAPPER.readTree(r.body())) {
            if ("HighTtftP99".equals(a.path("labels").path("alertname").asText())
                    && "chat-7b".equals(a.path("labels").path("deployment").asText())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
