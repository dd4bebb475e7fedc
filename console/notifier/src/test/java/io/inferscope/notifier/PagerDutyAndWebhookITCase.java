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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert records on a real broker → notifier → local HTTP receivers standing in for PagerDuty and
 * two webhooks, which fail the first attempts (retries), check the payloads and the signature, and
 * one of which refuses everything with 400 (permanent, counted, not retried).
 */
class PagerDutyAndWebhookITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> ENV =
            Map.of("PD_KEY", "pd-routing-key-0001", "HOOK_SECRET", "whsec-0002");
    private static final RetryPolicy FAST =
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 4);

    @Test
    void pagesOnceThroughRetriesResolvesOnceAndCountsPermanentFailures(@TempDir Path state)
            throws Exception {
        try (Receiver pd = new Receiver(202).thenAnswer(500, 500);
                Receiver hook = new Receiver(200).thenAnswer(503);
                Receiver refusing = new Receiver(400);
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(KAFKA.producerProps())) {
            NotifierConfig config = config(state, "notifier-it-1", pd, hook, refusing);
            try (Notifier notifier = Notifier.start(config, KAFKA.bootstrapServers(), Map.of())) {
                send(producer, Fixtures.firing("fp-a", Fixtures.T0));
                sendRaw(producer, "{not an alert".getBytes(StandardCharsets.UTF_8));
                send(producer, Fixtures.firing("fp-a", Fixtures.T0_PLUS_10S)); // periodic re-emit
                send(producer, Fixtures.resolved("fp-a", Fixtures.T0_PLUS_20S));

                pd.awaitRequest(action("resolve").and(accepted()), WAIT);
                hook.awaitRequest(status("resolved").and(accepted()), WAIT);
                awaitCommitted("notifier-it-1", 4);

                // PagerDuty: the trigger took three attempts (500, 500, 202), then one resolve.
                List<Receiver.Request> pdRequests = pd.requests();
                assertThat(pdRequests)
                        .extracting(r -> json(r).path("event_action").asText() + ":" + r.answered())
                        .containsExactly(
                                "trigger:500", "trigger:500", "trigger:202", "resolve:202");
                for (Receiver.Request r : pdRequests) {
                    JsonNode e = json(r);
                    assertThat(r.path()).isEqualTo("/v2/enqueue");
                    assertThat(e.path("routing_key").asText()).isEqualTo("pd-routing-key-0001");
                    assertThat(e.path("dedup_key").asText()).isEqualTo("fp-a");
                }
                JsonNode payload = json(pdRequests.get(2)).path("payload");
                assertThat(payload.path("summary").asText())
                        .isEqualTo("TTFT p99 812 ms on chat-7b");
                assertThat(payload.path("severity").asText()).isEqualTo("critical");
                assertThat(payload.path("source").asText()).isEqualTo("chat-7b");
                assertThat(payload.path("custom_details").path("labels").path("namespace").asText())
                        .isEqualTo("llm");

                // Webhook: every request is signed; one accepted firing and one accepted resolve.
                List<Receiver.Request> hookRequests = hook.requests();
                assertThat(hookRequests)
                        .extracting(r -> json(r).path("status").asText() + ":" + r.answered())
                        .containsExactly("firing:503", "firing:200", "resolved:200");
                for (Receiver.Request r : hookRequests) {
                    assertThat(r.header(WebhookTarget.SIGNATURE))
                            .isEqualTo(
                                    "sha256="
                                            + hmac(
                                                    "whsec-0002",
                                                    r.header(WebhookTarget.TIMESTAMP),
                                                    r.body()));
                    Alert decoded = Topics.ALERTS.codec().decode(r.body());
                    assertThat(decoded.fingerprint()).isEqualTo("fp-a");
                }

                // 400: one request per state, never retried, each counted.
                assertThat(refusing.requests()).hasSize(3);
                NotifierMetrics m = notifier.metrics();
                assertThat(m.target("bad").failedPermanent()).isEqualTo(3);
                assertThat(m.target("bad").retried()).isZero();
                assertThat(m.target("pd").delivered()).isEqualTo(2);
                assertThat(m.target("pd").retried()).isEqualTo(2);
                assertThat(m.target("pd").duplicates()).isEqualTo(1);
                assertThat(m.target("hook").retried()).isEqualTo(1);
                assertThat(m.undecodable()).isEqualTo(1);
                StringBuilder text = new StringBuilder();
                notifier.writeMetrics(text);
                assertThat(text.toString())
                        .contains(
                                "inferscope_notifier_failed_total{target=\"bad\",type=\"webhook\",reason=\"permanent\"} 3")
                        .contains(
                                "inferscope_notifier_retries_total{target=\"pd\",type=\"pagerduty\"} 2")
                        .contains("inferscope_notifier_undecodable_records_total 1")
                        .doesNotContain("pd-routing-key-0001", "whsec-0002");
                try (MetricsHttpServer endpoint =
                        MetricsHttpServer.start("127.0.0.1", 0, notifier)) {
                    HttpResponse<String> scrape =
                            HttpClient.newHttpClient()
                                    .send(
                                            HttpRequest.newBuilder(
                                                            URI.create(
                                                                    "http://127.0.0.1:"
                                                                            + endpoint.port()
                                                                            + "/metrics"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString());
                    assertThat(scrape.statusCode()).isEqualTo(200);
                    assertThat(scrape.body())
                            .contains(
                                    "inferscope_notifier_delivered_total{target=\"pd\",type=\"pagerduty\"} 2");
                }
            }
        }
    }

    @Test
    void replayAfterRestartDoesNotPageAgain(@TempDir Path state) throws Exception {
        try (Receiver pd = new Receiver(202);
                Receiver hook = new Receiver(200);
                Receiver refusing = new Receiver(400);
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(KAFKA.producerProps())) {
            long before = endOffset();
            try (Notifier first =
                    Notifier.start(
                            config(state, "notifier-it-2a", pd, hook, refusing),
                            KAFKA.bootstrapServers(),
                            Map.of())) {
                send(producer, Fixtures.firing("fp-b", Fixtures.T0));
                pd.awaitRequest(dedupKey("fp-b"), WAIT);
                awaitCommitted("notifier-it-2a", before + 1);
            }
            int requestsBefore = pd.requests().size();

            // A new group re-reads the whole topic, as after a crash before a commit; the dedup
            // state on disk says what this target already accepted.
            try (Notifier second =
                    Notifier.start(
                            config(state, "notifier-it-2b", pd, hook, refusing),
                            KAFKA.bootstrapServers(),
                            Map.of())) {
                awaitCommitted("notifier-it-2b", before + 1);
                assertThat(second.metrics().records()).isGreaterThanOrEqualTo(before + 1);
                assertThat(second.metrics().target("pd").delivered()).isZero();
                assertThat(second.metrics().target("pd").replayed()).isGreaterThanOrEqualTo(1);
            }
            assertThat(pd.requests()).hasSize(requestsBefore);
            assertThat(pd.requests().stream().filter(dedupKey("fp-b")).count()).isEqualTo(1);
        }
    }

    private static NotifierConfig config(
            Path state, String group, Receiver pd, Receiver hook, Receiver refusing) {
        String yaml =
                """
                group_id: %s
                state_dir: %s
                retry: {base: 20ms, max: 200ms, attempts: 4}
                targets:
                  - {name: pd, type: pagerduty, url: '%s', routing_key: '${PD_KEY}'}
                  - {name: hook, type: webhook, url: '%s/alerts', secret: '${HOOK_SECRET}'}
                  - {name: bad, type: webhook, url: '%s/refuse'}
                """
                        .formatted(group, state, pd.url(), hook.url(), refusing.url());
        NotifierConfig c = ConfigLoader.parse(yaml, ENV::get);
        assertThat(c.retry()).isEqualTo(FAST);
        return c;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Alert alert) throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                Topics.ALERTS.name(),
                                alert.fingerprint().getBytes(StandardCharsets.UTF_8),
                                Topics.ALERTS.codec().encode(alert)))
                .get();
    }

    private static void sendRaw(KafkaProducer<byte[], byte[]> producer, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(Topics.ALERTS.name(), value)).get();
    }

    private static long endOffset() throws Exception {
        try (Admin admin = admin()) {
            TopicPartition tp = new TopicPartition(Topics.ALERTS.name(), 0);
            return admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(tp)
                    .get()
                    .offset();
        }
    }

    /** Waits until the group committed at least {@code offset} on the alerts partition. */
    private static void awaitCommitted(String group, long offset) throws Exception {
        TopicPartition tp = new TopicPartition(Topics.ALERTS.name(), 0);
        long end = System.nanoTime() + WAIT.toNanos();
        long seen = -1;
        try (Admin admin = admin()) {
            while (System.nanoTime() < end) {
                OffsetAndMetadata o =
                        admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get()
                                .get(tp);
                seen = o == null ? -1 : o.offset();
                if (seen >= offset) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("group " + group + " committed " + seen + ", expected " + offset);
    }

    private static Admin admin() {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }

    private static JsonNode json(Receiver.Request r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static Predicate<Receiver.Request> action(String a) {
        return r -> a.equals(json(r).path("event_action").asText());
    }

    private static Predicate<Receiver.Request> status(String s) {
        return r -> s.equals(json(r).path("status").asText());
    }

    private static Predicate<Receiver.Request> dedupKey(String k) {
        return r -> k.equals(json(r).path("dedup_key").asText());
    }

    private static Predicate<Receiver.Request> accepted() {
        return r -> r.answered() < 300;
    }

    private static String hmac(String key, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
