package io.inferscope.console;

import com.sun.net.httpserver.HttpServer;
import io.inferscope.logsearch.LogStore;
import io.inferscope.logsearch.LogStoreConfig;
import io.inferscope.notifier.ConfigLoader;
import io.inferscope.notifier.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console service, embeddable: {@link #start(ConsoleConfig)} binds the HTTP port first (a taken
 * port is a clear {@link IllegalStateException}, before anything else starts), then starts the
 * Kafka Streams application with that address as its {@code application.server}. {@link #close()}
 * stops both. With {@code logSearch} it also embeds the log store (a Lucene index of {@code
 * inferscope.raw.logs}, {@code /api/v1/logs}); with {@code notifiers} it delivers {@code
 * inferscope.alerts} to Alertmanager, PagerDuty and webhooks (one deployable: the console is
 * already the part that serves people and existing tools). Options: see {@link ConsoleConfig}.
 */
public final class Console implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final ApiServer api;
    private final ExecutorService workers;
    private final SkippedRecords skipped;
    private final int port;
    private final LogStore logs;
    private final Notifier notifier;

    private Console(
            KafkaStreams streams,
            ApiServer api,
            ExecutorService workers,
            SkippedRecords skipped,
            int port,
            LogStore logs,
            Notifier notifier) {
        this.logs = logs;
        this.notifier = notifier;
        this.streams = streams;
        this.api = api;
        this.workers = workers;
        this.skipped = skipped;
        this.port = port;
    }

    public static Console start(ConsoleConfig config) {
        HttpServer http = bind(config);
        int port = http.getAddress().getPort();
        String advertised =
                config.advertisedHost() != null ? config.advertisedHost() : config.host();
        HostInfo self = new HostInfo(advertised, port);

        SkippedRecords skipped = new SkippedRecords();
        StreamsBuilder builder = new StreamsBuilder();
        ConsoleTopology.buildTopology(builder, config, skipped);
        KafkaStreams streams =
                new KafkaStreams(
                        builder.build(), config.streamsProperties(advertised + ":" + port));
        streams.setUncaughtExceptionHandler(
                e -> {
                    LOG.error("console stream thread failed; replacing it", e);
                    return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
                            .StreamThreadExceptionResponse.REPLACE_THREAD;
                });

        LogStore logs = config.logSearch() ? startLogStore(config, advertised, port) : null;
        Notifier notifier = null;
        try {
            if (config.notifiers() != null) {
                notifier =
                        Notifier.start(
                                ConfigLoader.load(config.notifiers()),
                                config.bootstrap(),
                                config.kafka());
            }
        } catch (RuntimeException e) {
            if (logs != null) {
                logs.close();
            }
            http.stop(0);
            throw e;
        }
        Notifier notifierRef = notifier;
        Views views = new Views(StoreAccess.of(streams));
        Routes routes =
                new Routes(
                        views,
                        new PrometheusMetrics(views, config, skipped),
                        Clock.systemUTC(),
                        out -> {
                            if (notifierRef != null) {
                                notifierRef.writeMetrics(out);
                            }
                        });
        ExecutorService workers = Executors.newFixedThreadPool(4, daemonThreads());
        http.setExecutor(workers);
        ApiServer api = new ApiServer(http, routes, logs == null ? null : logs.http());
        streams.start();
        api.start(new Instances(streams, self));
        LOG.info("console serving on http://{}:{}", advertised, port);
        return new Console(streams, api, workers, skipped, port, logs, notifier);
    }

    /**
     * Every instance keeps a whole index (log search is not partitioned by group like the metric
     * views), so each needs a consumer group of its own, stable across restarts of the same
     * instance so it resumes where its index stopped.
     */
    private static LogStore startLogStore(ConsoleConfig config, String host, int port) {
        String instance = (host + "-" + port).replaceAll("[^A-Za-z0-9._-]", "_");
        return LogStore.start(
                LogStoreConfig.builder(config.bootstrap(), config.stateDir().resolve("logs"))
                        .kafkaProperties(config.kafka())
                        .groupId(config.applicationId() + "-logsearch-" + instance)
                        .build());
    }

    private static HttpServer bind(ConsoleConfig config) {
        try {
            return HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (BindException e) {
            throw new IllegalStateException(
                    "console port "
                            + config.host()
                            + ":"
                            + config.port()
                            + " is already in use; choose another with --port",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "console-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The bound HTTP port (useful with port 0). */
    public int port() {
        return port;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public SkippedRecords skipped() {
        return skipped;
    }

    /** Waits until the Streams application is RUNNING; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public void close() {
        api.stop();
        workers.shutdownNow();
        if (notifier != null) {
            notifier.close();
        }
        if (logs != null) {
            logs.close();
        }
        streams.close(CLOSE_TIMEOUT);
    }
}
