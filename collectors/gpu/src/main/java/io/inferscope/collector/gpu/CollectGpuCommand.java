package io.inferscope.collector.gpu;

import io.inferscope.collector.core.DurationConverter;
import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublishingOptions;
import io.inferscope.collector.core.SelfMetricsServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inferscope collect gpu}: samples every GPU of this machine through NVML and publishes
 * {@code sample} and {@code xid} records to {@code inferscope.raw.gpu}, until Ctrl-C.
 *
 * <p>Exit codes: 0 after a clean shutdown; {@value #EXIT_NVML_UNAVAILABLE} when NVML is not
 * available (one line on stderr, e.g. {@code error: NVML not available: libnvidia-ml.so.1 could not
 * be loaded (no NVIDIA driver on this machine?)}); 2 for a usage error, an unusable attribution
 * file or a port already in use; 1 for any other start failure. Never a stack trace.
 *
 * <p>Options: {@code --nvml-lib}, {@code --interval}, {@code --node}, {@code --cluster}, {@code
 * --attribution}, {@code --pod-resources-socket}, {@code --attribution-refresh}, {@code
 * --bootstrap}, {@code --kafka-config}, {@code --metrics-host}, {@code --metrics-port}, {@code
 * --spool-dir}.
 */
@Command(
        name = "gpu",
        mixinStandardHelpOptions = true,
        description = {
            "Samples every GPU through NVML (utilization, memory, temperature, power, SM clock)",
            "and reports XID critical errors, attributed to the pods holding the GPUs."
        })
public final class CollectGpuCommand implements Callable<Integer> {
    public static final int EXIT_NVML_UNAVAILABLE = 3;
    static final String COLLECTOR_NAME = "gpu";

    private static final Logger LOG = LoggerFactory.getLogger(CollectGpuCommand.class);

    @Spec CommandSpec spec;

    @Option(
            names = "--nvml-lib",
            paramLabel = "PATH",
            defaultValue = Nvml.DEFAULT_LIBRARY,
            description = "NVML library: a name the loader finds, or a path (${DEFAULT-VALUE}).")
    String nvmlLib;

    @Option(
            names = "--interval",
            defaultValue = "1s",
            converter = DurationConverter.Positive.class,
            description = "Time between samples (${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--node",
            defaultValue = "${env:NODE_NAME}",
            description = "node label of every record (default: $NODE_NAME, else the host name).")
    String node;

    @Option(names = "--cluster", description = "cluster label of every record.")
    String cluster;

    @Option(
            names = "--attribution",
            paramLabel = "FILE",
            description =
                    "JSON map of GPU UUID -> {namespace, pod, container, deployment};"
                            + " replaces the kubelet lookup.")
    Path attributionFile;

    @Option(
            names = "--pod-resources-socket",
            paramLabel = "PATH",
            defaultValue = KubeletAttribution.DEFAULT_SOCKET_PATH,
            description = "kubelet pod-resources socket, used when it exists (${DEFAULT-VALUE}).")
    Path podResourcesSocket;

    @Option(
            names = "--attribution-refresh",
            defaultValue = "10s",
            converter = DurationConverter.Positive.class,
            description = "How often the kubelet is asked again (${DEFAULT-VALUE}).")
    Duration attributionRefresh;

    @Mixin PublishingOptions publishing;

    @Option(
            names = "--metrics-port",
            defaultValue = "9401",
            description = "Self-metrics port: /metrics and /healthz (${DEFAULT-VALUE}).")
    int metricsPort;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Nvml nvml;
        try {
            nvml = Nvml.open(nvmlLib);
        } catch (NvmlUnavailableException e) {
            err.println("error: NVML not available: " + e.getMessage());
            err.flush();
            return EXIT_NVML_UNAVAILABLE;
        }
        Attribution attribution;
        try {
            attribution = attribution();
        } catch (RuntimeException e) {
            nvml.close();
            return fail(err, 2, e.getMessage());
        }
        Publisher publisher = null;
        SelfMetricsServer metrics = null;
        GpuCollector collector = null;
        try {
            publisher = Publisher.start(publishing.publisherConfig("inferscope-collector-gpu"));
            metrics =
                    SelfMetricsServer.start(
                                    new InetSocketAddress(publishing.metricsHost(), metricsPort),
                                    COLLECTOR_NAME)
                            .register(publisher);
            collector = GpuCollector.start(config(attribution), nvml, publisher);
            metrics.addCollector(collector::writeMetrics);
        } catch (RuntimeException e) {
            if (collector == null) {
                attribution.close();
                nvml.close();
            }
            closeAll(collector, metrics, publisher);
            // IllegalStateException: a port in use or a spool directory held by another process
            return fail(err, e instanceof IllegalStateException ? 2 : 1, e.getMessage());
        }
        printStarted(collector, attribution, metrics);
        Thread hook = new Thread(stop::countDown, "gpu-collector-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll(collector, metrics, publisher);
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

    private static int fail(PrintWriter err, int code, String message) {
        err.println("error: " + message);
        err.flush();
        return code;
    }

    private void printStarted(
            GpuCollector collector, Attribution attribution, SelfMetricsServer metrics) {
        PrintWriter out = spec.commandLine().getOut();
        String names =
                collector.devices().stream()
                        .map(d -> d.index() + ":" + d.name())
                        .collect(Collectors.joining(", "));
        out.printf(
                "inferscope collect gpu: %d GPU(s) [%s] every %s ms; XID events %s;"
                        + " attribution: %s; metrics on :%d/metrics; Kafka %s%n",
                collector.devices().size(),
                names,
                interval.toMillis(),
                collector.watchesXids() ? "watched" : "not available",
                attribution.describe(),
                metrics.port(),
                publishing.bootstrap());
        out.flush();
    }

    GpuCollectorConfig config(Attribution attribution) {
        return GpuCollectorConfig.defaults()
                .withNvmlLibrary(nvmlLib)
                .withInterval(interval)
                .withLabels(cluster, node != null && !node.isBlank() ? node : hostName())
                .withAttribution(attribution);
    }

    /** The file when given; the kubelet when its socket is mounted; otherwise none. */
    Attribution attribution() {
        if (attributionFile != null) {
            return StaticFileAttribution.load(attributionFile);
        }
        if (podResourcesSocket == null || !Files.exists(podResourcesSocket)) {
            return Attribution.NONE;
        }
        try {
            return KubeletAttribution.connect(podResourcesSocket, attributionRefresh);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("GPUs are not attributed to pods: {}", e.getMessage());
            return Attribution.NONE;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static void closeAll(
            GpuCollector collector, SelfMetricsServer metrics, Publisher publisher) {
        if (collector != null) {
            collector.close(); // no more records after this
        }
        if (publisher != null) {
            publisher.close(); // delivers or spools what is left
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
