package io.inferscope.collector.logs;

import io.inferscope.collector.core.DurationConverter;
import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublishingOptions;
import io.inferscope.collector.core.SelfMetricsServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inferscope collect logs}: follows container log files (CRI, under {@code --root}) and
 * plain files ({@code --plain FILE=namespace/pod/container[/deployment]}) and publishes every line
 * to {@code inferscope.raw.logs}, until Ctrl-C.
 *
 * <p>Exit codes: 0 after a clean shutdown; 2 for a usage error (bad regex, identity, duration), an
 * unreadable mapping or checkpoint file, or a port already in use; 1 for any other start failure.
 * One line on stderr, never a stack trace.
 *
 * <p>Options: {@code --root}, {@code --glob}, {@code --plain}, {@code --checkpoint}, {@code
 * --max-line-bytes}, {@code --redact}, {@code --poll-interval}, {@code --from-end}, {@code
 * --cluster}, {@code --node}, {@code --deployment-map}, {@code --bootstrap}, {@code
 * --kafka-config}, {@code --metrics-host}, {@code --metrics-port}, {@code --spool-dir}.
 */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Follows container log files (CRI format under /var/log/pods, and plain files),",
            "rotation-safe with checkpointed offsets, and publishes each line with its level,",
            "request id and attributes, secrets redacted."
        })
public final class CollectLogsCommand implements Callable<Integer> {
    static final String COLLECTOR_NAME = "logs";

    @Spec CommandSpec spec;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            defaultValue = "/var/log/pods",
            description = "Directory of CRI container logs (${DEFAULT-VALUE}).")
    Path root;

    @Option(
            names = "--glob",
            defaultValue = LogSource.DEFAULT_CRI_GLOB,
            description = "Files under --root to follow, relative to it (${DEFAULT-VALUE}).")
    String glob;

    @Option(
            names = "--plain",
            paramLabel = "FILE=NS/POD/CONTAINER[/DEPLOYMENT]",
            description = "A plain (non-CRI) log file and who writes it; repeatable.")
    List<String> plain = new ArrayList<>();

    @Option(
            names = "--checkpoint",
            paramLabel = "FILE",
            defaultValue = "${java.io.tmpdir}/inferscope-logs/checkpoint.json",
            description = "Read offsets kept across restarts (${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(
            names = "--max-line-bytes",
            defaultValue = "16384",
            description =
                    "Longer lines are cut and flagged truncated (${DEFAULT-VALUE}, max 65536).")
    int maxLineBytes;

    @Option(
            names = "--redact",
            paramLabel = "REGEX",
            description =
                    "Extra secret pattern, on top of bearer tokens, sk- keys, api_key= and"
                            + " password=; a (?<secret>...) group masks only that part. Repeatable.")
    List<String> redact = new ArrayList<>();

    @Option(
            names = "--poll-interval",
            defaultValue = "250ms",
            converter = DurationConverter.Positive.class,
            description = "How often files are listed and read (${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(
            names = "--from-end",
            description = "Files found at the first start (no checkpoint) are read from their end.")
    boolean fromEnd;

    @Option(names = "--cluster", description = "cluster label of every line.")
    String cluster;

    @Option(
            names = "--node",
            defaultValue = "${env:NODE_NAME}",
            description = "node label of every line (default: $NODE_NAME).")
    String node;

    @Option(
            names = "--deployment-map",
            paramLabel = "FILE",
            description = "Properties file of pod=deployment or namespace/pod=deployment.")
    Path deploymentMap;

    @Mixin PublishingOptions publishing;

    @Option(
            names = "--metrics-port",
            defaultValue = "9403",
            description = "Self-metrics port: /metrics and /healthz (${DEFAULT-VALUE}).")
    int metricsPort;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        LogsCollectorConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return fail(err, 2, e.getMessage());
        }
        Publisher publisher = null;
        SelfMetricsServer metrics = null;
        LogsCollector collector = null;
        try {
            publisher = Publisher.start(publishing.publisherConfig("inferscope-collector-logs"));
            metrics =
                    SelfMetricsServer.start(
                                    new InetSocketAddress(publishing.metricsHost(), metricsPort),
                                    COLLECTOR_NAME)
                            .register(publisher);
            collector = LogsCollector.start(config, publisher);
            metrics.addCollector(collector::writeMetrics);
        } catch (RuntimeException e) {
            closeAll(collector, metrics, publisher);
            boolean usage = e instanceof IllegalStateException || e instanceof UncheckedIOException;
            return fail(err, usage ? 2 : 1, e.getMessage());
        }
        printStarted(config, metrics);
        Thread hook = new Thread(stop::countDown, "logs-collector-shutdown");
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

    LogsCollectorConfig config() {
        LogsCollectorConfig.Builder b =
                LogsCollectorConfig.builder()
                        .source(LogSource.cri(root, glob))
                        .checkpointFile(checkpoint)
                        .maxLineBytes(maxLineBytes)
                        .pollInterval(pollInterval)
                        .fromStart(!fromEnd)
                        .labels(blankToNull(cluster), blankToNull(node));
        for (String p : plain) {
            int eq = p.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--plain must be FILE=namespace/pod/container[/deployment], got '"
                                + p
                                + "'");
            }
            b.source(
                    LogSource.plainFile(
                            Path.of(p.substring(0, eq)),
                            SourceIdentity.parse(p.substring(eq + 1))));
        }
        for (String r : redact) {
            try {
                b.redact(Pattern.compile(r));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--redact: not a regular expression: " + r, e);
            }
        }
        if (deploymentMap != null) {
            b.deployments(DeploymentResolver.load(deploymentMap));
        }
        return b.build();
    }

    private void printStarted(LogsCollectorConfig config, SelfMetricsServer metrics) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "inferscope collect logs: CRI files %s/%s, %d plain file(s), every %d ms;"
                        + " checkpoint %s; metrics on :%d/metrics; Kafka %s%n",
                root,
                glob,
                config.sources().size() - 1,
                pollInterval.toMillis(),
                checkpoint,
                metrics.port(),
                publishing.bootstrap());
        out.flush();
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("error: " + message);
        err.flush();
        return code;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void closeAll(
            LogsCollector collector, SelfMetricsServer metrics, Publisher publisher) {
        if (collector != null) {
            collector.close(); // no more lines after this; offsets saved
        }
        if (publisher != null) {
            publisher.close(); // delivers or spools what is left
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
