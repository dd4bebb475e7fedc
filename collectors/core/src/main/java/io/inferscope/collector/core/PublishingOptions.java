package io.inferscope.collector.core;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every collector command shares (a picocli mixin): where Kafka is ({@code
 * --bootstrap}, {@code --kafka-config FILE} with any client property: security, SASL, TLS), where
 * the spool lives while Kafka is unreachable ({@code --spool-dir}) and where the self-metrics
 * endpoint binds ({@code --metrics-host}; the port is each collector's own, so its default
 * differs).
 */
public final class PublishingOptions {
    @Option(
            names = "--bootstrap",
            defaultValue = PublisherConfig.DEFAULT_BOOTSTRAP,
            description = "Kafka bootstrap servers (${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, SASL, TLS...).")
    Path kafkaConfig;

    @Option(
            names = "--metrics-host",
            defaultValue = "0.0.0.0",
            description = "Self-metrics bind address (${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(
            names = "--spool-dir",
            paramLabel = "DIR",
            description = "On-disk spool used while Kafka is unreachable.")
    Path spoolDir;

    public String bootstrap() {
        return bootstrap;
    }

    public String metricsHost() {
        return metricsHost;
    }

    /**
     * The publisher's configuration from these options.
     *
     * @throws IllegalArgumentException when the Kafka config file cannot be read
     */
    public PublisherConfig publisherConfig(String clientId) {
        PublisherConfig.Builder b = PublisherConfig.builder(bootstrap).clientId(clientId);
        if (kafkaConfig != null) {
            b.kafkaConfig(KafkaClientConfig.load(kafkaConfig));
        }
        if (spoolDir != null) {
            b.spoolDir(spoolDir);
        }
        return b.build();
    }
}
