package io.inferscope.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in a Docker container (testcontainers), same version as the in-process broker. Only this
 * class touches testcontainers, which is an optional dependency: it is loaded only after {@code
 * KafkaBrokerExtension} found those classes on the class path.
 */
final class ContainerBroker implements AutoCloseable {
    static final String IMAGE = "apache/kafka:4.2.2";

    private final KafkaContainer container;

    private ContainerBroker(KafkaContainer container) {
        this.container = container;
    }

    /** True when a Docker engine answers; call only once testcontainers is known present. */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerBroker start() {
        KafkaContainer c =
                new KafkaContainer(IMAGE)
                        // The same settings as BrokerProperties where they change behaviour.
                        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                        .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                        .withEnv("KAFKA_TRANSACTION_MAX_TIMEOUT_MS", "900000");
        c.start();
        return new ContainerBroker(c);
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
