package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaOptionsTest {
    @Test
    void defaultsToLocalhost9092() {
        assertThat(new KafkaOptions().bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void fileBootstrapIsUsedUnlessTheOptionIsGiven(@TempDir Path dir) throws Exception {
        KafkaOptions options = new KafkaOptions();
        options.configFile = write(dir, "bootstrap.servers=kafka-0:9093\nsecurity.protocol=SSL\n");
        assertThat(options.bootstrapServers()).isEqualTo("kafka-0:9093");
        assertThat(options.clientProperties()).containsEntry("security.protocol", "SSL");

        options.bootstrap = "other:9092";
        assertThat(options.clientProperties()).containsEntry("bootstrap.servers", "other:9092");
    }

    @Test
    void describeNeverPrintsSecretValues(@TempDir Path dir) throws Exception {
        KafkaOptions options = new KafkaOptions();
        options.configFile =
                write(
                        dir,
                        "security.protocol=SASL_SSL\n"
                                + "sasl.mechanism=SCRAM-SHA-512\n"
                                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                                + " required username=\"svc\" password=\"hunter2\";\n"
                                + "ssl.truststore.location=/etc/kafka/trust.jks\n"
                                + "ssl.truststore.password=trustpw\n"
                                + "ssl.key.password=keypw\n");

        String described = options.describe();

        assertThat(described)
                .contains("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512")
                .contains(
                        "sasl.jaas.config=****",
                        "ssl.truststore.password=****",
                        "ssl.key.password=****")
                .doesNotContain("hunter2", "trustpw", "keypw", "svc");
    }

    private static Path write(Path dir, String content) throws Exception {
        return Files.writeString(dir.resolve("client.properties"), content);
    }
}
