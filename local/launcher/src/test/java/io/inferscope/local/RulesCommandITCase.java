package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.alerts.AlertJob;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inferscope rules apply|delete} against the real alert job on a MiniCluster: a good rule is
 * accepted, a bad one is rejected with the job's reason (exit code 1), a delete is confirmed, and
 * the rules travel on the rules topic keyed by name.
 */
class RulesCommandITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void applyReportsTheJobsVerdictsAndDeleteIsConfirmed() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(
                rules,
                """
                rules:
                  - name: SlowFirstToken
                    type: threshold
                    metric: requests.ttft_ms.p99
                    comparator: ">"
                    threshold: 2000
                    for: 20s
                  - name: NoMetric
                    type: threshold
                    comparator: ">"
                    threshold: 1
                """);
        try (LocalFlink flink =
                LocalFlink.start(0, Files.createDirectories(dir.resolve("flink")), 2)) {
            var env = flink.newEnvironment();
            AlertJob.forKafka(
                            JobConfig.builder()
                                    .bootstrapServers(KAFKA.bootstrapServers())
                                    .parallelism(1)
                                    .checkpointInterval(Duration.ofSeconds(1))
                                    .build())
                    .build(env);
            flink.submit(env, "alerts under test");

            CliRun apply =
                    CliRun.of(
                            "rules",
                            "apply",
                            rules.toString(),
                            "--wait",
                            "60s",
                            "--bootstrap",
                            KAFKA.bootstrapServers());
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
            assertThat(apply.outLines())
                    .anyMatch(l -> l.contains("SlowFirstToken") && l.contains("accepted"))
                    .anyMatch(
                            l ->
                                    l.contains("NoMetric")
                                            && l.contains("rejected")
                                            && l.contains("metric"));

            CliRun delete =
                    CliRun.of(
                            "rules",
                            "delete",
                            "SlowFirstToken",
                            "--wait",
                            "60s",
                            "--bootstrap",
                            KAFKA.bootstrapServers());
            assertThat(delete.exitCode()).as(delete.out() + delete.err()).isZero();
            assertThat(delete.outLines())
                    .anyMatch(l -> l.contains("SlowFirstToken") && l.contains("deleted"));
        }
        List<ConsumerRecord<byte[], byte[]>> onTopic =
                KAFKA.readAll(Topics.ALERT_RULES.name(), Duration.ofSeconds(20));
        assertThat(onTopic)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("SlowFirstToken", "NoMetric", "SlowFirstToken");
        assertThat(onTopic.get(2).value()).isNull();
    }
}
