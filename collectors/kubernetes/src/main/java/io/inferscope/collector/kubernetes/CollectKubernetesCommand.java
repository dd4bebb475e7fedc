package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.inferscope.collector.core.DurationConverter;
import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.collector.core.PublishingOptions;
import io.inferscope.collector.core.SelfMetricsServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inferscope collect kubernetes}: watches pods, deployments, HPAs, resource quotas and
 * events (read-only) and publishes their changes, and container usage from metrics.k8s.io, to
 * {@code inferscope.raw.k8s}, until Ctrl-C.
 *
 * <p>Exit codes: 0 after a clean shutdown; {@value #EXIT_API_UNAVAILABLE} when the API server is
 * unreachable, rejects the credentials or forbids a resource (one line on stderr); 2 for a usage
 * error or a port already in use; 1 for any other start failure. Never a stack trace.
 *
 * <p>Options: {@code --kubeconfig}, {@code --context}, {@code --namespace} (repeatable), {@code
 * --cluster}, {@code --usage-interval}, {@code --bootstrap}, {@code --kafka-config}, {@code
 * --metrics-host}, {@code --metrics-port}, {@code --spool-dir}.
 */
@Command(
        name = "kubernetes",
        mixinStandardHelpOptions = true,
        description = {
            "Watches pods, deployments, HPAs, resource quotas and events (get/list/watch only)",
            "and publishes every change, and container usage from metrics-server, to Kafka."
        })
public final class CollectKubernetesCommand implements Callable<Integer> {
    public static final int EXIT_API_UNAVAILABLE = 3;
    static final String COLLECTOR_NAME = "kubernetes";
    static final int BATCH_BYTES = 16 * 1024;
    static final long IN_FLIGHT_BYTES = 1L << 20;
    static final int LINGER_MS = 500;

    @Spec CommandSpec spec;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
    Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context (default: the current one).")
    String context;

    @Option(
            names = "--namespace",
            paramLabel = "NS",
            description = "Namespace to watch; repeat for several (default: all namespaces).")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--cluster", description = "cluster label of every record.")
    String cluster;

    @Option(
            names = "--usage-interval",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "metrics.k8s.io poll interval; 0 = off (${DEFAULT-VALUE}).")
    Duration usageInterval;

    @Mixin PublishingOptions publishing;

    @Option(
            names = "--metrics-port",
            defaultValue = "9402",
            description = "Self-metrics port: /metrics and /healthz (${DEFAULT-VALUE}).")
    int metricsPort;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        KubernetesCollectorConfig config;
        KubernetesClient client;
        try {
            config = config();
            client = KubeClients.create(kubeconfig, context);
        } catch (RuntimeException e) { // bad option values, unreadable or invalid kubeconfig
            return fail(err, 2, StartFailures.rootMessage(e));
        }
        Publisher publisher = null;
        SelfMetricsServer metrics = null;
        KubernetesCollector collector = null;
        try {
            publisher = Publisher.start(publisherConfig());
            metrics =
                    SelfMetricsServer.start(
                                    new InetSocketAddress(publishing.metricsHost(), metricsPort),
                                    COLLECTOR_NAME)
                            .register(publisher);
            collector = KubernetesCollector.start(client, config, publisher);
            // The initial lists are garbage now: one full collection lets the JVM return the heap
            // they needed (collectors/collector.jvm.options caps the free share kept), instead of
            // keeping it resident for the life of the process. Once, at start.
            System.gc();
            KubernetesCollector c = collector;
            metrics.addCollector(c::writeMetrics).addHealth("kubernetes", c::state);
        } catch (KubernetesCollectorException e) {
            closeAll(collector, metrics, publisher, client);
            return fail(err, EXIT_API_UNAVAILABLE, e.getMessage());
        } catch (RuntimeException e) {
            closeAll(collector, metrics, publisher, client);
            // IllegalStateException: a port in use or a spool directory held by another process
            return fail(
                    err, e instanceof IllegalStateException ? 2 : 1, StartFailures.rootMessage(e));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "inferscope collect kubernetes: watching %s at %s; usage %s; metrics on"
                        + " :%d/metrics; Kafka %s%n",
                namespaces.isEmpty() ? "all namespaces" : String.join(", ", namespaces),
                client.getConfiguration().getMasterUrl(),
                usageInterval.isZero() ? "off" : "every " + usageInterval.toMillis() + " ms",
                metrics.port(),
                publishing.bootstrap());
        out.flush();
        Thread hook = new Thread(stop::countDown, "k8s-collector-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll(collector, metrics, publisher, client);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook ran, nothing to remove
        }
        return 0;
    }

    /** Ends a running {@link #call()} (tests; the shutdown hook does this on Ctrl-C). */
    void stop() {
        stop.countDown();
    }

    /**
     * The shared publisher settings, sized for a collector's rate (a few records a second, a burst
     * of one record per object at start): 16 KiB batches lingering up to 500 ms, at most 1 MiB
     * unacknowledged, in a 4 MiB producer buffer, no JMX reporter. The producer keeps every batch
     * buffer it ever allocated for reuse, up to {@code buffer.memory}, so its peak stays resident:
     * 64 KiB batches and an 8 MiB window are sized for the gateway's throughput. A {@code
     * --kafka-config} file still wins.
     */
    PublisherConfig publisherConfig() {
        PublisherConfig shared = publishing.publisherConfig("inferscope-collector-kubernetes");
        Properties kafka = new Properties();
        kafka.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_BYTES));
        // Changes trickle in (a few a second): wait up to half a second for company, so one
        // produce request carries several instead of one each (the producer's I/O thread was
        // the collector's busiest at 5 updates/s). State changes are not latency-critical.
        kafka.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
        kafka.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(4 * IN_FLIGHT_BYTES));
        // No JMX reporter (Kafka's default): an MBean per metric group, read by nobody here; the
        // publisher's numbers are on /metrics.
        kafka.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        kafka.putAll(shared.kafkaOverrides());
        return shared.toBuilder().inFlightMaxBytes(IN_FLIGHT_BYTES).kafkaOverrides(kafka).build();
    }

    KubernetesCollectorConfig config() {
        return KubernetesCollectorConfig.defaults()
                .withNamespaces(namespaces)
                .withCluster(cluster)
                .withUsageInterval(usageInterval);
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("error: " + message);
        err.flush();
        return code;
    }

    private static void closeAll(
            KubernetesCollector collector,
            SelfMetricsServer metrics,
            Publisher publisher,
            KubernetesClient client) {
        if (collector != null) {
            collector.close(); // no more records after this
        }
        if (publisher != null) {
            publisher.close(); // delivers or spools what is left
        }
        if (metrics != null) {
            metrics.close();
        }
        client.close();
    }
}
