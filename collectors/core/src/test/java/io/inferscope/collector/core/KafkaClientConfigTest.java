package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"svc\" password=\"s3cr3t-jaas\";";

    @TempDir Path dir;

    private Path securedFile() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "bootstrap.servers=kafka-0.example:9093",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "sasl.jaas.config=" + JAAS.replace("\"", "\\\""),
                        "ssl.truststore.location=/etc/kafka/truststore.p12",
                        "ssl.truststore.password=trust-pw-123",
                        "ssl.keystore.password=keystore-pw-456",
                        "ssl.key.password=key-pw-789",
                        "sasl.oauthbearer.client.secret=oauth-secret-000",
                        "key.serializer=org.apache.kafka.common.serialization.ByteArraySerializer",
                        ""));
        return file;
    }

    @Test
    void loadsEveryClientPropertyFromTheFile() throws Exception {
        KafkaClientConfig c = KafkaClientConfig.load(securedFile());
        Properties p = c.toProperties();
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(p.getProperty("sasl.jaas.config")).isEqualTo(JAAS);
        assertThat(p.getProperty("ssl.truststore.password")).isEqualTo("trust-pw-123");
    }

    @Test
    void redactedViewAndToStringNeverShowSecrets() throws Exception {
        KafkaClientConfig c = KafkaClientConfig.load(securedFile());
        Map<String, String> shown = c.redacted();

        assertThat(shown)
                .containsEntry("sasl.jaas.config", KafkaClientConfig.REDACTED)
                .containsEntry("ssl.truststore.password", KafkaClientConfig.REDACTED)
                .containsEntry("ssl.keystore.password", KafkaClientConfig.REDACTED)
                .containsEntry("ssl.key.password", KafkaClientConfig.REDACTED)
                .containsEntry("sasl.oauthbearer.client.secret", KafkaClientConfig.REDACTED)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "kafka-0.example:9093")
                .containsEntry(
                        "key.serializer",
                        "org.apache.kafka.common.serialization.ByteArraySerializer");
        for (String secret :
                new String[] {
                    "s3cr3t-jaas",
                    "trust-pw-123",
                    "keystore-pw-456",
                    "key-pw-789",
                    "oauth-secret-000"
                }) {
            assertThat(c.toString()).doesNotContain(secret);
            assertThat(shown.values()).noneMatch(v -> v.contains(secret));
        }
    }

    @Test
    void overridesWinOverDefaults() {
        KafkaClientConfig defaults =
                KafkaClientConfig.forBootstrap("localhost:9092").with("acks", "all");
        KafkaClientConfig merged =
                defaults.withOverrides(
                        KafkaClientConfig.of(
                                Map.of("bootstrap.servers", "remote:9093", "linger.ms", "20")));

        assertThat(merged.get("bootstrap.servers")).contains("remote:9093");
        assertThat(merged.get("acks")).contains("all");
        assertThat(merged.get("linger.ms")).contains("20");
        assertThat(defaults.get("linger.ms")).isEmpty();
    }

    @Test
    void missingFileIsAClearErrorNamingTheFile() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientConfig.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.properties");
    }

    @Test
    void publisherConfigPutsOverridesOverProducerDefaultsButKeepsByteSerializers() {
        Properties overrides = new Properties();
        overrides.setProperty("security.protocol", "SSL");
        overrides.setProperty("linger.ms", "50");
        overrides.setProperty("value.serializer", "com.example.Wrong");
        PublisherConfig c = PublisherConfig.builder("b:9092").kafkaOverrides(overrides).build();

        Properties p = c.producerProperties();
        assertThat(p.getProperty("enable.idempotence")).isEqualTo("true");
        assertThat(p.getProperty("acks")).isEqualTo("all");
        assertThat(p.getProperty("compression.type")).isEqualTo("lz4");
        assertThat(p.getProperty("batch.size")).isEqualTo("65536");
        assertThat(p.getProperty("max.block.ms")).isEqualTo("1000");
        assertThat(p.getProperty("security.protocol")).isEqualTo("SSL");
        assertThat(p.getProperty("linger.ms")).isEqualTo("50");
        assertThat(p.getProperty("value.serializer")).endsWith("ByteArraySerializer");
        // The record keeps its own copy.
        overrides.setProperty("linger.ms", "999");
        assertThat(c.producerProperties().getProperty("linger.ms")).isEqualTo("50");
    }
}
