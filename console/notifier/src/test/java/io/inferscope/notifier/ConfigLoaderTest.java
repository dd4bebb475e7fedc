package io.inferscope.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferscope.schemas.Alert;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Map<String, String> ENV =
            Map.of(
                    "PD_KEY", "R0UT1NGKEY-very-secret",
                    "HOOK_SECRET", "hmac-s3cret",
                    "TOKEN", "bearer-t0ken");

    private static final String YAML =
            """
            group_id: notif-test
            state_dir: /var/lib/inferscope/notifier
            max_age: 10m
            console_url: http://localhost:8080
            retry:
              base: 200ms
              max: 5s
              attempts: 4
            targets:
              - name: am
                type: alertmanager
                url: http://127.0.0.1:9093
              - name: pd
                type: pagerduty
                routing_key: ${PD_KEY}
                filter:
                  severities: [critical]
              - name: chat
                type: webhook
                url: https://hooks.example/services/T000/B000/XXXXSECRETPATH
                secret: ${HOOK_SECRET}
                headers:
                  Authorization: Bearer ${TOKEN}
                timeout: 3s
                filter:
                  labels: {namespace: prod}
            """;

    @Test
    void readsTargetsSecretsFromEnvironmentAndDefaults() {
        NotifierConfig c = ConfigLoader.parse(YAML, ENV::get);

        assertThat(c.groupId()).isEqualTo("notif-test");
        assertThat(c.maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.retry())
                .isEqualTo(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 4));
        assertThat(c.targets()).extracting(TargetConfig::name).containsExactly("am", "pd", "chat");

        TargetConfig am = c.targets().get(0);
        assertThat(am.dedup()).as("Alertmanager wants periodic re-sends").isFalse();
        TargetConfig pd = c.targets().get(1);
        assertThat(pd.url()).isEqualTo(TargetConfig.PAGERDUTY_URL);
        assertThat(pd.routingKey().reveal()).isEqualTo("R0UT1NGKEY-very-secret");
        assertThat(pd.dedup()).isTrue();
        assertThat(pd.filter().severities()).containsExactly(Alert.Severity.CRITICAL);
        TargetConfig chat = c.targets().get(2);
        assertThat(chat.secret().reveal()).isEqualTo("hmac-s3cret");
        assertThat(chat.headers().get("Authorization").reveal()).isEqualTo("Bearer bearer-t0ken");
        assertThat(chat.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(chat.filter().labels()).isEqualTo(Map.of("namespace", "prod"));
    }

    @Test
    void toStringNeverShowsSecretsOrWebhookPaths() {
        String text = ConfigLoader.parse(YAML, ENV::get).toString();

        assertThat(text)
                .doesNotContain("R0UT1NGKEY", "hmac-s3cret", "bearer-t0ken", "XXXXSECRETPATH")
                .contains("https://hooks.example/****", "routingKey=****", "secret=****");
    }

    @Test
    void unsetEnvironmentVariableIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse(YAML, Map.of("PD_KEY", "x", "TOKEN", "t")::get))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("targets[2].secret")
                .hasMessageContaining("HOOK_SECRET is not set");
    }

    @Test
    void misspeltKeyIsRejectedWithItsPlace() {
        String yaml =
                """
                targets:
                  - name: pd
                    type: pagerduty
                    routingkey: abc
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, ENV::get))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("targets[0].routingkey: unknown key");
    }

    @Test
    void pagerDutyWithoutRoutingKeyIsRejected() {
        String yaml = "targets:\n  - {name: pd, type: pagerduty}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, ENV::get))
                .hasMessageContaining("routing_key is required");
    }

    @Test
    void brokenYamlErrorDoesNotQuoteTheLine() {
        String yaml = "targets:\n  - name: pd\n    routing_key: \"SUPERSECRET\n  bad: [\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, ENV::get))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML")
                .message()
                .doesNotContain("SUPERSECRET");
    }

    @Test
    void badDurationAndDuplicateNamesAreRejected() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.parse(
                                        "max_age: soon\ntargets: [{name: a, type: webhook, url: http://x}]",
                                        ENV::get))
                .hasMessageContaining("max_age: 'soon' is not a duration");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.parse(
                                        "targets: [{name: a, type: webhook, url: http://x},"
                                                + " {name: a, type: webhook, url: http://y}]",
                                        ENV::get))
                .hasMessageContaining("duplicate target name 'a'");
    }

    @Test
    void invalidUrlIsRejectedWithoutQuotingIt() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.parse(
                                        "targets: [{name: a, type: webhook, url: 'ftp://x/t0ken'}]",
                                        ENV::get))
                .hasMessageContaining("url must be http(s)")
                .message()
                .doesNotContain("t0ken");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.parse(
                                        "targets: [{name: a, type: webhook, url: 'http://x/ t0ken'}]",
                                        ENV::get))
                .hasMessageContaining("not a valid URL")
                .message()
                .doesNotContain("t0ken");
    }

    @Test
    void filterMatchesSeverityAndLabels() {
        Filter f = new Filter(Set.of(Alert.Severity.CRITICAL), Map.of("namespace", "llm"));
        Alert a = Fixtures.firing("fp", Fixtures.T0);

        assertThat(f.accepts(a)).isTrue();
        assertThat(f.accepts(Fixtures.withSeverity(a, Alert.Severity.WARNING))).isFalse();
        assertThat(new Filter(Set.of(), Map.of("namespace", "prod")).accepts(a)).isFalse();
    }
}
