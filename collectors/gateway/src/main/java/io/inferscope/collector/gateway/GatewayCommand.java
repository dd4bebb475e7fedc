package io.inferscope.collector.gateway;

import io.inferscope.collector.core.DurationConverter;
import io.inferscope.collector.core.KafkaClientConfig;
import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.collector.core.SelfMetricsServer;
import io.inferscope.schemas.Labels;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code inferscope gateway}: runs the measuring reverse proxy in front of model-server replicas
 * and publishes request and token records to Kafka. Exit codes: 0 after a clean shutdown (Ctrl-C),
 * 2 for a usage error or a port already in use (one line on stderr), 1 for any other start failure.
 *
 * <p>Options: {@code --upstream} (repeatable, {@code [NAME[@NODE]=]URL}), {@code --host}, {@code
 * --port}, {@code --max-inflight-per-replica}, {@code --max-queue}, {@code --queue-timeout}, {@code
 * --upstream-timeout}, {@code --token-interval}, {@code --token-every-chunks}, {@code
 * --eject-after}, {@code --eject-cooldown}, {@code --cluster}, {@code --namespace}, {@code
 * --deployment}, {@code --bootstrap}, {@code --kafka-config}, {@code --metrics-port}, {@code
 * --spool-dir}.
 */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        description = {
            "OpenAI-compatible reverse proxy that measures every request (queue, TTFT, e2e,",
            "tokens) and publishes it to Kafka. Never records prompts, completions or credentials."
        })
public final class GatewayCommand implements Callable<Integer> {
    static final String COLLECTOR_NAME = "gateway";

    @Spec CommandSpec spec;

    @Option(
            names = "--upstream",
            required = true,
            paramLabel = "[NAME[@NODE]=]URL",
            description = "A model-server replica; repeat for several (least-outstanding routing).")
    List<String> upstreams = new ArrayList<>();

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "Bind address (${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8000",
            description = "Listen port (${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--max-inflight-per-replica",
            defaultValue = "0",
            paramLabel = "N",
            description = "Concurrency cap per replica; 0 = no cap (${DEFAULT-VALUE}).")
    int maxInflight;

    @Option(
            names = "--max-queue",
            defaultValue = "256",
            paramLabel = "N",
            description = "Requests that may wait for a slot; beyond it 429 (${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(
            names = "--queue-timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest wait for a slot before 503 (${DEFAULT-VALUE}).")
    Duration queueTimeout;

    @Option(
            names = "--upstream-timeout",
            defaultValue = "300s",
            converter = DurationConverter.class,
            description = "Longest upstream silence before the request fails (${DEFAULT-VALUE}).")
    Duration upstreamTimeout;

    @Option(
            names = "--token-interval",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description =
                    "Least time between token-progress records of a stream (${DEFAULT-VALUE}).")
    Duration tokenInterval;

    @Option(
            names = "--token-every-chunks",
            defaultValue = "0",
            paramLabel = "N",
            description = "Also emit token progress every N chunks; 0 = off (${DEFAULT-VALUE}).")
    int tokenEveryChunks;

    @Option(
            names = "--eject-after",
            defaultValue = "3",
            paramLabel = "N",
            description =
                    "Eject a replica after N consecutive connect failures; 0 = off"
                            + " (${DEFAULT-VALUE}).")
    int ejectAfter;

    @Option(
            names = "--eject-cooldown",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "First ejection's length; doubles per consecutive ejection up to 60s"
                            + " (${DEFAULT-VALUE}).")
    Duration ejectCooldown;

    @Option(names = "--cluster", description = "cluster label of every record.")
    String cluster;

    @Option(names = "--namespace", description = "namespace label of every record.")
    String namespace;

    @Option(names = "--deployment", description = "deployment label of every record.")
    String deployment;

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
            names = "--metrics-port",
            defaultValue = "9400",
            description = "Self-metrics port: /metrics and /healthz (${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(
            names = "--spool-dir",
            paramLabel = "DIR",
            description = "On-disk spool used while Kafka is unreachable.")
    Path spoolDir;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Publisher publisher = null;
        SelfMetricsServer metrics = null;
        Gateway gateway = null;
        try {
            publisher = Publisher.start(publisherConfig());
            metrics =
                    SelfMetricsServer.start(
                                    new InetSocketAddress(host, metricsPort), COLLECTOR_NAME)
                            .register(publisher);
            gateway = Gateway.start(config, publisher);
            metrics.addCollector(gateway.metrics()::writeTo);
        } catch (BindException e) {
            err.println("gateway: port " + port + " is already in use");
            closeAll(gateway, metrics, publisher);
            return 2;
        } catch (IllegalStateException e) {
            err.println("gateway: " + e.getMessage()); // e.g. the metrics port is taken
            closeAll(gateway, metrics, publisher);
            return 2;
        } catch (Exception e) {
            err.println("gateway: cannot start: " + e.getMessage());
            closeAll(gateway, metrics, publisher);
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "inferscope gateway on http://%s:%d (%s) -> %s; metrics on :%d/metrics; Kafka %s%n",
                host,
                gateway.port(),
                gateway.transport(),
                config.upstreams().stream().map(Upstream::name).collect(Collectors.joining(", ")),
                metrics.port(),
                bootstrap);
        out.flush();
        Gateway g = gateway;
        SelfMetricsServer m = metrics;
        Publisher p = publisher;
        Thread hook = new Thread(() -> stop.countDown(), "gateway-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll(g, m, p);
        return 0;
    }

    /** Ends a running {@link #call()} (tests; the shutdown hook does this on Ctrl-C). */
    void stop() {
        stop.countDown();
    }

    GatewayConfig config() {
        List<Upstream> parsed = upstreams.stream().map(Upstream::parse).toList();
        return GatewayConfig.defaults(parsed)
                .withListen(host, port)
                .withConcurrency(maxInflight, maxQueue, queueTimeout)
                .withUpstreamTimeout(upstreamTimeout)
                .withTokenProgress(tokenInterval, tokenEveryChunks)
                .withEjection(ejectAfter, ejectCooldown)
                .withLabels(new Labels(cluster, namespace, deployment, null, null, null));
    }

    private PublisherConfig publisherConfig() {
        PublisherConfig.Builder b =
                PublisherConfig.builder(bootstrap).clientId("inferscope-gateway");
        if (kafkaConfig != null) {
            b.kafkaConfig(KafkaClientConfig.load(kafkaConfig));
        }
        if (spoolDir != null) {
            b.spoolDir(spoolDir);
        }
        return b.build();
    }

    private static void closeAll(Gateway gateway, SelfMetricsServer metrics, Publisher publisher) {
        if (gateway != null) {
            gateway.close(); // stop taking requests first, so every end record reaches the
            // publisher
        }
        if (publisher != null) {
            publisher.close(); // delivers or spools what is left
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
