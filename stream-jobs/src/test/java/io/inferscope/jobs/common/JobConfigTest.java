package io.inferscope.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        JobConfig c = JobConfig.defaults();
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.outOfOrderness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.idleness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.allowedLateness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.lostTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.futureTolerance()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void optionsAndKafkaConfigFileAreRead(@TempDir Path dir) throws Exception {
        Path props = dir.resolve("kafka.properties");
        Files.writeString(
                props,
                "security.protocol=SASL_SSL\nsasl.jaas.config=secret-value\n"
                        + "bootstrap.servers=broker:9093\n");
        JobConfig c =
                JobConfig.fromArgs(
                        new String[] {
                            "--kafka-config",
                            props.toString(),
                            "--window=20s",
                            "--allowed-lateness",
                            "500ms",
                            "--lost-ttl",
                            "2m",
                            "--slo-ttft-ms",
                            "800",
                            "--parallelism",
                            "3"
                        });
        assertThat(c.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(c.kafkaClientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "broker:9093");
        assertThat(c.window()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.allowedLateness()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.lostTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.sloTtftMs()).isEqualTo(800);
        assertThat(c.parallelism()).isEqualTo(3);
        assertThat(c.toString()).doesNotContain("secret-value").contains("sasl.jaas.config");
    }

    @Test
    void unknownOptionsAndBadWindowsAreErrors() {
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--windw", "10s"}))
                .hasMessageContaining("--windw");
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--window", "1500ms"}))
                .hasMessageContaining("whole number of seconds");
    }
}
