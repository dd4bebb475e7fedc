package io.inferscope.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.schemas.Alert;
import io.inferscope.schemas.Topics;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    private static final String CONSOLE = "http://localhost:8080";

    @Test
    void alertmanagerFiringCarriesAlertnameLabelsAnnotationsAndNoEndsAt() {
        AlertmanagerTarget t =
                new AlertmanagerTarget(
                        TargetConfig.of("am", TargetType.ALERTMANAGER, "http://127.0.0.1:9093/"),
                        CONSOLE);
        JsonNode a = t.payload(Fixtures.firing("fp1", Fixtures.T0));

        assertThat(a.path("labels").path("alertname").asText()).isEqualTo("HighTtftP99");
        assertThat(a.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(a.path("labels").path("deployment").asText()).isEqualTo("chat-7b");
        assertThat(a.path("annotations").path("summary").asText()).contains("TTFT p99");
        assertThat(a.path("annotations").path("value").asText()).isEqualTo("812.5");
        assertThat(a.path("annotations").path("threshold").asText()).isEqualTo("500");
        assertThat(a.path("annotations").path("evidence").asText())
                .contains("BackOff pod/chat-7b-1");
        assertThat(Instant.parse(a.path("startsAt").asText()).toEpochMilli())
                .isEqualTo(Fixtures.T0);
        assertThat(a.has("endsAt")).as("firing: Alertmanager applies resolve_timeout").isFalse();
        assertThat(a.path("generatorURL").asText()).isEqualTo(CONSOLE);
        assertThat(t.request(Fixtures.firing("fp1", Fixtures.T0), 0).uri().toString())
                .isEqualTo("http://127.0.0.1:9093/api/v2/alerts");
    }

    @Test
    void alertmanagerResolvedCarriesEndsAtAndValidLabelNames() {
        AlertmanagerTarget t =
                new AlertmanagerTarget(
                        TargetConfig.of("am", TargetType.ALERTMANAGER, "http://127.0.0.1:9093"),
                        null);
        JsonNode a = t.payload(Fixtures.resolved("fp1", Fixtures.T0_PLUS_30S));

        assertThat(Instant.parse(a.path("endsAt").asText()).toEpochMilli())
                .isEqualTo(Fixtures.T0_PLUS_30S);
        assertThat(a.has("generatorURL")).isFalse();
        assertThat(AlertmanagerTarget.labelName("k8s.pod-name")).isEqualTo("k8s_pod_name");
        assertThat(AlertmanagerTarget.labelName("9lives")).isEqualTo("_lives");
    }

    @Test
    void pagerDutyTriggerAndResolveUseFingerprintAsDedupKey() {
        PagerDutyTarget t =
                new PagerDutyTarget(
                        TargetConfig.pagerDuty("pd", null, Secret.of("rk-123")), CONSOLE);
        JsonNode trigger = t.event(Fixtures.firing("fp1", Fixtures.T0));
        JsonNode resolve = t.event(Fixtures.resolved("fp1", Fixtures.T0_PLUS_30S));

        assertThat(trigger.path("routing_key").asText()).isEqualTo("rk-123");
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asText()).isEqualTo("fp1");
        JsonNode p = trigger.path("payload");
        assertThat(p.path("summary").asText()).isEqualTo("TTFT p99 812 ms on chat-7b");
        assertThat(p.path("severity").asText()).isEqualTo("critical");
        assertThat(p.path("source").asText()).isEqualTo("chat-7b");
        assertThat(p.path("custom_details").path("value").asDouble()).isEqualTo(812.5);
        assertThat(p.path("custom_details").path("evidence").get(0).path("reason").asText())
                .isEqualTo("BackOff");
        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asText()).isEqualTo("fp1");
        assertThat(t.request(Fixtures.firing("fp1", Fixtures.T0), 0).uri().toString())
                .isEqualTo("https://events.pagerduty.com/v2/enqueue");
    }

    @Test
    void webhookSendsTheAlertRecordSignedWithTimestamp() throws Exception {
        WebhookTarget t =
                new WebhookTarget(
                        TargetConfig.of("hook", TargetType.WEBHOOK, "http://127.0.0.1:1/hook")
                                .withSecret(Secret.of("k3y")));
        Alert alert = Fixtures.firing("fp1", Fixtures.T0);
        HttpRequest r = t.request(alert, 1_700_000_123_456L);
        byte[] body = Topics.ALERTS.codec().encode(alert);

        String ts = r.headers().firstValue(WebhookTarget.TIMESTAMP).orElseThrow();
        assertThat(ts).isEqualTo("1700000123");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        assertThat(r.headers().firstValue(WebhookTarget.SIGNATURE)).contains(expected);
        assertThat(r.headers().firstValue(WebhookTarget.DELIVERY))
                .contains("fp1:firing:" + Fixtures.T0);
    }

    @Test
    void webhookWithoutSecretIsUnsigned() {
        WebhookTarget t =
                new WebhookTarget(
                        TargetConfig.of("hook", TargetType.WEBHOOK, "http://127.0.0.1:1/"));
        HttpRequest r = t.request(Fixtures.firing("fp1", Fixtures.T0), 1_000L);

        assertThat(r.headers().firstValue(WebhookTarget.SIGNATURE)).isEmpty();
        assertThat(r.headers().firstValue(WebhookTarget.TIMESTAMP)).contains("1");
    }

    @Test
    void redactedUrlKeepsOnlySchemeHostAndPort() {
        assertThat(Secret.redactUrl("https://hooks.slack.com/services/T0/B0/abc?x=1"))
                .isEqualTo("https://hooks.slack.com/****");
        assertThat(Secret.redactUrl("http://127.0.0.1:9093")).isEqualTo("http://127.0.0.1:9093");
        assertThat(Secret.redactUrl("not a url")).isEqualTo("****");
    }

    @Test
    void longSummaryIsCutToPagerDutyLimit() {
        Alert a = Fixtures.firing("fp", Fixtures.T0);
        Alert longOne =
                new Alert(
                        a.fingerprint(),
                        a.status(),
                        a.rule(),
                        a.severity(),
                        a.labels(),
                        java.util.Map.of("summary", "x".repeat(5000)),
                        a.value(),
                        a.threshold(),
                        a.startsAtMs(),
                        null,
                        a.updatedAtMs(),
                        a.evidence());
        assertThat(PagerDutyTarget.summary(longOne)).hasSize(PagerDutyTarget.SUMMARY_MAX);
    }
}
