package io.inferscope.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the console. Options read:
 *
 * <ul>
 *   <li>{@code bootstrap}: Kafka bootstrap servers (default {@value #DEFAULT_BOOTSTRAP}).
 *   <li>{@code kafka}: extra Kafka client properties ({@code --kafka-config FILE}: security, SASL,
 *       TLS); they win over the console's defaults except {@code application.server}.
 *   <li>{@code host}, {@code port}: where the HTTP server binds (default 127.0.0.1:{@value
 *       #DEFAULT_PORT}; port 0 picks a free one). The bound address is the {@code
 *       application.server} other instances forward to ({@code advertisedHost} overrides the host).
 *   <li>{@code stateDir}: Kafka Streams {@code state.dir} (the CLI defaults to {@code
 *       ~/.inferscope/console-state}, never /tmp).
 *   <li>{@code applicationId}: Kafka Streams application id (default {@value #DEFAULT_APP_ID}).
 *   <li>{@code fineRetention}: how long windows shorter than 60 s are kept (default 6 h); {@code
 *       coarseRetention}: windows of 60 s and more (default 7 days).
 *   <li>{@code eventsPerDeployment}: Kubernetes events kept per deployment (default 200).
 *   <li>{@code recentAlerts}: how long a resolved alert stays listed as recent (default 24 h).
 *   <li>{@code metricsWindowS}: the window length exposed on {@code /metrics} (default 10 s);
 *       {@code staleAfter}: a latest window older than this is left off {@code /metrics} (default 5
 *       min), so a group that went away disappears instead of freezing.
 *   <li>{@code logSearch}: embed the log store ({@code inferscope-logsearch}: a Lucene index of
 *       {@code inferscope.raw.logs} under {@code stateDir/logs}, served at {@code /api/v1/logs};
 *       default on).
 *   <li>{@code notifiers}: a notifiers YAML file ({@code inferscope-notifier}); when set, the
 *       console also delivers {@code inferscope.alerts} to Alertmanager, PagerDuty and webhooks
 *       (default none).
 * </ul>
 */
public record ConsoleConfig(
        String bootstrap,
        Map<String, String> kafka,
        String host,
        String advertisedHost,
        int port,
        Path stateDir,
        String applicationId,
        Duration fineRetention,
        Duration coarseRetention,
        int eventsPerDeployment,
        Duration recentAlerts,
        int metricsWindowS,
        Duration staleAfter,
        boolean logSearch,
        Path notifiers) {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_APP_ID = "inferscope-console";

    public ConsoleConfig {
        Objects.requireNonNull(bootstrap, "bootstrap");
        kafka = kafka == null ? Map.of() : Map.copyOf(kafka);
        host = host == null ? "127.0.0.1" : host;
        Objects.requireNonNull(stateDir, "stateDir");
        applicationId = applicationId == null ? DEFAULT_APP_ID : applicationId;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (eventsPerDeployment < 1) {
            throw new IllegalArgumentException("eventsPerDeployment must be >= 1");
        }
    }

    /** Defaults for everything but where Kafka is and where state lives. */
    public static ConsoleConfig defaults(String bootstrap, Path stateDir) {
        return new ConsoleConfig(
                bootstrap,
                Map.of(),
                "127.0.0.1",
                null,
                DEFAULT_PORT,
                stateDir,
                DEFAULT_APP_ID,
                Duration.ofHours(6),
                Duration.ofDays(7),
                200,
                Duration.ofHours(24),
                10,
                Duration.ofMinutes(5),
                true,
                null);
    }

    public ConsoleConfig withPort(int newPort) {
        return with(c -> c.port = newPort);
    }

    public ConsoleConfig withKafka(Map<String, String> props) {
        return with(c -> c.kafka = props);
    }

    public ConsoleConfig withApplicationId(String id) {
        return with(c -> c.applicationId = id);
    }

    public ConsoleConfig withAdvertisedHost(String h) {
        return with(c -> c.advertisedHost = h);
    }

    public ConsoleConfig withHost(String h) {
        return with(c -> c.host = h);
    }

    public ConsoleConfig withLogSearch(boolean on) {
        return with(c -> c.logSearch = on);
    }

    public ConsoleConfig withNotifiers(Path file) {
        return with(c -> c.notifiers = file);
    }

    /** This configuration with {@code change} applied to a mutable copy of its fields. */
    private ConsoleConfig with(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The fields of a {@link ConsoleConfig} while one is being changed. */
    private static final class Fields {
        String bootstrap;
        Map<String, String> kafka;
        String host;
        String advertisedHost;
        int port;
        Path stateDir;
        String applicationId;
        Duration fineRetention;
        Duration coarseRetention;
        int eventsPerDeployment;
        Duration recentAlerts;
        int metricsWindowS;
        Duration staleAfter;
        boolean logSearch;
        Path notifiers;

        Fields(ConsoleConfig c) {
            bootstrap = c.bootstrap;
            kafka = c.kafka;
            host = c.host;
            advertisedHost = c.advertisedHost;
            port = c.port;
            stateDir = c.stateDir;
            applicationId = c.applicationId;
            fineRetention = c.fineRetention;
            coarseRetention = c.coarseRetention;
            eventsPerDeployment = c.eventsPerDeployment;
            recentAlerts = c.recentAlerts;
            metricsWindowS = c.metricsWindowS;
            staleAfter = c.staleAfter;
            logSearch = c.logSearch;
            notifiers = c.notifiers;
        }

        ConsoleConfig build() {
            return new ConsoleConfig(
                    bootstrap,
                    kafka,
                    host,
                    advertisedHost,
                    port,
                    stateDir,
                    applicationId,
                    fineRetention,
                    coarseRetention,
                    eventsPerDeployment,
                    recentAlerts,
                    metricsWindowS,
                    staleAfter,
                    logSearch,
                    notifiers);
        }
    }

    /**
     * The Kafka Streams configuration (the config factory): read_committed (the derived topics are
     * written transactionally), earliest (a fresh console rebuilds its views from the topics' full
     * retention), no record cache (queries see a record as soon as it is processed).
     *
     * @param applicationServer {@code host:port} of this instance's HTTP server
     */
    public Properties streamsProperties(String applicationServer) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG),
                "read_committed");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(kafka);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        return p;
    }
}
