package io.inferscope.testkit;

import io.inferscope.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker for a test class, with every catalog topic ({@link Topics#ALL}) created:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the broker starts before all tests of the class and
 * stops after them. Test methods may take an {@link EmbeddedKafka}, the extension itself, or a
 * {@code @BootstrapServers String} parameter.
 *
 * <p>Which broker: the in-process {@link EmbeddedKafka} by default. When testcontainers is on the
 * test class path and a Docker engine answers, {@code new KafkaBrokerExtension()} uses Kafka in a
 * container instead (falling back to in-process if the container cannot start); the Docker probe
 * runs once per JVM. System property {@code inferscope.kafka} = {@code embedded} | {@code docker} |
 * {@code auto} (default) overrides the choice. {@link #broker()}, and with it {@code stop()} /
 * {@code restart()}, exist only for the in-process broker: tests that stop the broker use {@link
 * #inProcess()}.
 */
public final class KafkaBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    /** System property choosing the broker: {@code embedded}, {@code docker} or {@code auto}. */
    public static final String MODE_PROPERTY = "inferscope.kafka";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static Boolean dockerProbe;

    private final boolean forceInProcess;
    private final Consumer<EmbeddedKafka.Builder> customizer;
    private EmbeddedKafka embedded;
    private ContainerBroker container;
    private String bootstrap;
    private String owner;

    public KafkaBrokerExtension() {
        this(false, b -> {});
    }

    private KafkaBrokerExtension(
            boolean forceInProcess, Consumer<EmbeddedKafka.Builder> customizer) {
        this.forceInProcess = forceInProcess;
        this.customizer = customizer;
    }

    /** Always the in-process broker, so {@link #broker()} can stop and restart it. */
    public static KafkaBrokerExtension inProcess() {
        return new KafkaBrokerExtension(true, b -> {});
    }

    /** The in-process broker with extra options (topics, broker properties, ports, data dir). */
    public static KafkaBrokerExtension inProcess(Consumer<EmbeddedKafka.Builder> customizer) {
        return new KafkaBrokerExtension(true, customizer);
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (bootstrap != null) {
            return; // a @Nested class inherits the broker of its enclosing class
        }
        owner = context.getUniqueId();
        if (!forceInProcess && useDocker()) {
            try {
                container = ContainerBroker.start();
                bootstrap = container.bootstrapServers();
                TopicCreator.create(bootstrap, TopicCreator.fromCatalog(Topics.ALL), TIMEOUT);
                LOG.info("Kafka for tests: container {} at {}", ContainerBroker.IMAGE, bootstrap);
                return;
            } catch (RuntimeException | LinkageError e) {
                LOG.warn(
                        "Kafka container did not start ({}); using the in-process broker",
                        e.toString());
                closeContainer();
            }
        }
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        customizer.accept(builder);
        embedded = builder.build().start();
        bootstrap = embedded.bootstrapServers();
        LOG.info("Kafka for tests: in-process broker at {}", bootstrap);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            if (embedded != null) {
                embedded.close();
            }
            closeContainer();
        } finally {
            embedded = null;
            bootstrap = null;
            owner = null;
        }
    }

    public synchronized String bootstrapServers() {
        if (bootstrap == null) {
            throw new IllegalStateException(
                    "no broker: register KafkaBrokerExtension with @RegisterExtension on a static field");
        }
        return bootstrap;
    }

    /** The in-process broker, to stop and restart it; not available with a container broker. */
    public synchronized EmbeddedKafka broker() {
        bootstrapServers();
        if (embedded == null) {
            throw new IllegalStateException(
                    "the broker runs in a container; use KafkaBrokerExtension.inProcess() to stop/restart it");
        }
        return embedded;
    }

    public synchronized boolean isInProcess() {
        return embedded != null;
    }

    /** Byte-array producer settings: acks=all, idempotent, 15 s max block. A fresh copy. */
    public Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Auto-creation is off: a send to a missing topic fails after this, not after 60 s.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return p;
    }

    /**
     * Byte-array consumer settings: read_committed, earliest; {@code group} may be null for a
     * consumer that only assigns partitions. A fresh copy.
     */
    public Properties consumerProps(String group) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        if (group != null) {
            p.put("group.id", group);
        }
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        return p;
    }

    /** Creates a topic (one replica) unless it exists, and waits until it has leaders. */
    public void createTopic(String name, int partitions) {
        TopicCreator.create(
                bootstrapServers(),
                List.of(new org.apache.kafka.clients.admin.NewTopic(name, partitions, (short) 1)),
                TIMEOUT);
    }

    /**
     * Every committed record of {@code topic} at the time of the call, from all partitions.
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
        return TopicReader.readAll(consumerProps(null), topic, timeout);
    }

    /**
     * The first {@code n} committed records of {@code topic}, or fewer once {@code timeout} passed.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int n, Duration timeout) {
        return TopicReader.consume(consumerProps(null), topic, n, timeout);
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> type = pc.getParameter().getType();
        return type == EmbeddedKafka.class
                || type == KafkaBrokerExtension.class
                || (type == String.class && pc.isAnnotated(BootstrapServers.class));
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> type = pc.getParameter().getType();
        if (type == EmbeddedKafka.class) {
            return broker();
        }
        return type == KafkaBrokerExtension.class ? this : bootstrapServers();
    }

    private void closeContainer() {
        if (container != null) {
            container.close();
            container = null;
        }
    }

    private static synchronized boolean useDocker() {
        String mode = System.getProperty(MODE_PROPERTY, "auto").toLowerCase(Locale.ROOT);
        if (mode.equals("embedded")) {
            return false;
        }
        if (dockerProbe == null) {
            long t0 = System.nanoTime();
            dockerProbe = testcontainersPresent() && probeDocker();
            LOG.info(
                    "Docker engine {} (probe {} ms)",
                    dockerProbe ? "found" : "not found",
                    (System.nanoTime() - t0) / 1_000_000);
        }
        if (mode.equals("docker") && !dockerProbe) {
            LOG.warn(
                    "{}=docker but no Docker engine or testcontainers; using the in-process broker",
                    MODE_PROPERTY);
        }
        return dockerProbe;
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName(
                    "org.testcontainers.DockerClientFactory",
                    false,
                    KafkaBrokerExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean probeDocker() {
        try {
            return ContainerBroker.dockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
