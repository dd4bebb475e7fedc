package io.inferscope.testkit;

import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) running inside this JVM: the
 * broker of the tests and of {@code inferscope kafka}.
 *
 * <p>Options ({@link Builder}): {@code port} (0 = a free one, the default), {@code controllerPort}
 * (0 = a free one), {@code dataDir} (null = a temp dir deleted on {@link #close()}; a given dir is
 * kept and reused, formatted on first use), {@code topics} (default {@link Topics#ALL} with their
 * partitions and configs; creation is idempotent), {@code brokerProperty} (any broker setting, over
 * the defaults in {@code BrokerProperties}: one replica for internal topics, no auto-creation of
 * topics, 15 min maximum transaction timeout) and {@code startTimeout} (default 60 s).
 *
 * <p>Ports are fixed at the first {@link #start()}: {@link #stop()} then {@link #restart()} bring
 * the broker back on the same ports and data. Both ports are checked before the broker starts and a
 * taken one throws {@link PortInUseException}, because a broker that fails to bind halts the JVM
 * through its fault handler. Thread-safe.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String LOG_DIR = "kafka-logs";

    private final Map<String, String> brokerProperties;
    private final List<NewTopic> topics;
    private final Duration startTimeout;
    private final boolean tempDataDir;
    private int port;
    private int controllerPort;
    private Path dataDir;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Builder b) {
        this.port = b.port;
        this.controllerPort = b.controllerPort;
        this.dataDir = b.dataDir;
        this.tempDataDir = b.dataDir == null;
        this.topics = List.copyOf(b.topics);
        this.brokerProperties = Map.copyOf(b.brokerProperties);
        this.startTimeout = b.startTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and returns once it answers and every configured topic has a leader. Does
     * nothing when it is already running.
     *
     * @throws PortInUseException when the broker or controller port is taken
     */
    public synchronized EmbeddedKafka start() {
        if (closed) {
            throw new IllegalStateException("this broker was closed");
        }
        if (server != null) {
            return this;
        }
        resolvePorts();
        Ports.requireFree(port);
        Ports.requireFree(controllerPort);
        Path logDir = prepareDataDir().resolve(LOG_DIR);
        StorageFormat.ensureFormatted(logDir);
        KafkaConfig config =
                new KafkaConfig(
                        BrokerProperties.of(port, controllerPort, logDir, brokerProperties), false);
        long t0 = System.nanoTime();
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        server = started;
        try {
            started.startup();
            awaitReadyAndCreateTopics();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info(
                "Kafka ready at {} in {} ms (data {})",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                dataDir);
        return this;
    }

    /** Shuts the broker down, keeping its ports and data dir for {@link #restart()}. */
    public synchronized void stop() {
        KafkaRaftServer running = server;
        server = null;
        if (running != null) {
            running.shutdown();
            running.awaitShutdown();
        }
    }

    /** Stops the broker if it runs and starts it again on the same ports and data dir. */
    public synchronized EmbeddedKafka restart() {
        stop();
        return start();
    }

    /** Stops the broker and deletes its data dir if it was a temp dir. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (tempDataDir && dataDir != null) {
            FileTrees.deleteQuietly(dataDir);
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code localhost:PORT}; the port is known once {@link #start()} was called. */
    public synchronized String bootstrapServers() {
        requirePortsResolved();
        return Ports.HOST + ":" + port;
    }

    public synchronized int port() {
        requirePortsResolved();
        return port;
    }

    public synchronized int controllerPort() {
        requirePortsResolved();
        return controllerPort;
    }

    /** The data dir (log dirs live in {@code kafka-logs} under it); null before the first start. */
    public synchronized Path dataDir() {
        return dataDir;
    }

    /** The topics created at each start. */
    public List<NewTopic> topics() {
        return topics;
    }

    /** Creates a topic with one replica if it does not exist and waits for its leaders. */
    public void createTopic(String name, int partitions) {
        TopicCreator.create(
                bootstrapServers(),
                List.of(new NewTopic(name, partitions, (short) 1)),
                startTimeout);
    }

    private void resolvePorts() {
        if (port == 0) {
            port = Ports.freePort();
        }
        while (controllerPort == 0) {
            int candidate = Ports.freePort();
            controllerPort = candidate == port ? 0 : candidate;
        }
    }

    private void requirePortsResolved() {
        if (port == 0) {
            throw new IllegalStateException("the broker was not started yet");
        }
    }

    private Path prepareDataDir() {
        try {
            if (dataDir == null) {
                dataDir = Files.createTempDirectory("inferscope-kafka-");
            }
            return Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data dir " + dataDir, e);
        }
    }

    private void awaitReadyAndCreateTopics() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.describeCluster()
                    .nodes()
                    .get(
                            Math.max(
                                    1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                            TimeUnit.MILLISECONDS);
            TopicCreator.create(
                    admin, topics, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + bootstrapServers() + " did not answer within " + startTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        }
    }

    /** Options of an {@link EmbeddedKafka}; see its Javadoc. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private final List<NewTopic> topics = new ArrayList<>(TopicCreator.fromCatalog(Topics.ALL));
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {}

        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Replaces the topics to create (default: the whole catalog). */
        public Builder topics(Collection<? extends TopicSpec<?>> specs) {
            topics.clear();
            topics.addAll(TopicCreator.fromCatalog(specs));
            return this;
        }

        /** Adds one more topic with one replica and default configs. */
        public Builder topic(String name, int partitions) {
            topics.add(new NewTopic(name, partitions, (short) 1));
            return this;
        }

        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        public Builder brokerProperties(Map<String, String> properties) {
            brokerProperties.putAll(properties);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public EmbeddedKafka build() {
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException(
                        "broker and controller ports must differ, both are " + port);
            }
            return new EmbeddedKafka(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
            }
            return port;
        }
    }
}
