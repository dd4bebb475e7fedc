package io.inferscope.local;

import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.collector.gateway.Gateway;
import io.inferscope.collector.gateway.GatewayConfig;
import io.inferscope.collector.gateway.Upstream;
import io.inferscope.collector.logs.DeploymentResolver;
import io.inferscope.collector.logs.LogSource;
import io.inferscope.collector.logs.LogsCollector;
import io.inferscope.collector.logs.LogsCollectorConfig;
import io.inferscope.console.Console;
import io.inferscope.console.ConsoleConfig;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.local.sim.DemoScenario;
import io.inferscope.local.sim.ScenarioTimeline;
import io.inferscope.local.sim.SimDeployment;
import io.inferscope.local.sim.SimulatedLogs;
import io.inferscope.schemas.Labels;
import io.inferscope.simulator.Durations;
import io.inferscope.simulator.FleetConfig;
import io.inferscope.simulator.FleetSimulator;
import io.inferscope.simulator.LoadConfig;
import io.inferscope.simulator.LoadGenerator;
import io.inferscope.simulator.RateProfile;
import io.inferscope.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inferscope demo}: the whole system in this JVM — a Kafka broker with every topic, a Flink
 * MiniCluster (dashboard on {@code --flink-port}) running the request, GPU and cluster metrics
 * jobs, a simulated fleet of {@code --replicas} model servers (the last one slower), the measuring
 * gateway in front of them on {@code --gateway-port}, simulated GPUs and Kubernetes objects for
 * that fleet ({@link DemoScenario}), a load generator playing steady → spike → recovery with
 * incidents on the same timeline, and a live summary per 10 s window. Ctrl-C (or the end of {@code
 * --duration}) stops everything and removes the demo's temporary directory.
 *
 * <p>Options: {@code --duration} (default: until Ctrl-C), {@code --rate} (steady requests/s,
 * default 4), {@code --spike-factor} (default 4), {@code --no-load}, {@code --no-incidents}, {@code
 * --replicas} (3), {@code --slots} (batch slots per replica, 8), ports {@code --kafka-port} 9092,
 * {@code --gateway-port} 8000, {@code --flink-port} 8081, {@code --sim-port} 8001 (replica i on
 * 8001 + i); hidden {@code --scenario-scale} (multiplies the timeline, for tests).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the whole system on this machine: Kafka, Flink, a simulated LLM fleet behind"
                        + " the gateway, a load scenario and a live summary.")
public final class DemoCommand extends BaseCommand {
    static final String CLUSTER = SimDeployment.DEMO.cluster();
    static final String NAMESPACE = SimDeployment.DEMO.namespace();
    static final String DEPLOYMENT = SimDeployment.DEMO.deployment();

    @Option(
            names = "--duration",
            description = "Stop after this long, e.g. 90s, 10m (default: until Ctrl-C).")
    String duration;

    @Option(
            names = "--rate",
            defaultValue = "4",
            description = "Steady arrival rate, requests/s (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--spike-factor",
            defaultValue = "4",
            description = "Rate multiplier during the spike (default ${DEFAULT-VALUE}).")
    double spikeFactor;

    @Option(
            names = "--no-load",
            description = "Start no load generator; send your own requests to the gateway.")
    boolean noLoad;

    @Option(
            names = "--no-incidents",
            description =
                    "Simulate GPUs and Kubernetes objects but play no incidents (no scale-up,"
                            + " crash-loop or GPU memory pressure).")
    boolean noIncidents;

    @Option(
            names = "--scenario-scale",
            defaultValue = "1",
            hidden = true,
            description = "Multiply every offset of the load profile and the incidents (tests).")
    double scenarioScale;

    @Option(
            names = "--replicas",
            defaultValue = "3",
            description = "Simulated replicas (default ${DEFAULT-VALUE}).")
    int replicas;

    @Option(
            names = "--slots",
            defaultValue = "8",
            description =
                    "Batch slots per replica, also the gateway's per-replica cap (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Kafka port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--gateway-port",
            defaultValue = "8000",
            description = "Gateway port (default ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(
            names = "--flink-port",
            defaultValue = "8081",
            description = "Flink dashboard port (default ${DEFAULT-VALUE}).")
    int flinkPort;

    @Option(
            names = "--sim-port",
            defaultValue = "8001",
            description = "First simulated replica's port (default ${DEFAULT-VALUE}).")
    int simPort;

    @Option(
            names = "--console-port",
            defaultValue = "8080",
            description = "Console (REST API, /metrics) port (default ${DEFAULT-VALUE}).")
    int consolePort;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    protected int run() throws Exception {
        Duration runFor = duration == null ? null : Durations.parse(duration);
        ScenarioTimeline timeline = ScenarioTimeline.defaults().scaled(scenarioScale);
        List<Object> ports =
                new ArrayList<>(
                        List.of(
                                "Kafka",
                                kafkaPort,
                                "Kafka controller",
                                kafkaPort == 0 ? 0 : kafkaPort + 1,
                                "gateway",
                                gatewayPort,
                                "Flink dashboard",
                                flinkPort,
                                "console",
                                consolePort));
        for (int i = 0; i < replicas; i++) {
            ports.add("simulated replica " + i);
            ports.add(simPort == 0 ? 0 : simPort + i);
        }
        Ports.requireFree(Ports.of(ports.toArray()));
        Path work = Files.createTempDirectory("inferscope-demo-");
        Thread hook = new Thread(this::requestStopAndWait, "inferscope-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Closer closer = new Closer()) {
            long t0 = System.nanoTime();
            out().println("Starting InferScope demo (working dir " + work + ") ...");
            out().flush();
            EmbeddedKafka kafka =
                    closer.add(
                            EmbeddedKafka.builder()
                                    .port(kafkaPort)
                                    .controllerPort(kafkaPort == 0 ? 0 : kafkaPort + 1)
                                    .dataDir(work.resolve("kafka"))
                                    .build()
                                    .start());
            FleetSimulator fleet =
                    closer.add(
                            FleetSimulator.start(
                                    FleetConfig.of(replicas)
                                            .withBasePort(simPort)
                                            .withEachReplica(r -> r.withSlots(slots))));
            Publisher publisher =
                    closer.add(
                            Publisher.start(
                                    PublisherConfig.builder(kafka.bootstrapServers())
                                            .clientId("inferscope-gateway")
                                            .spoolDir(work.resolve("spool"))
                                            .build()));
            List<Upstream> upstreams = new ArrayList<>();
            for (int i = 0; i < fleet.size(); i++) {
                upstreams.add(
                        Upstream.parse(
                                fleet.replica(i).name()
                                        + "@node-"
                                        + i
                                        + "="
                                        + fleet.replicaUrls().get(i)));
            }
            Gateway gateway =
                    closer.add(
                            Gateway.start(
                                    GatewayConfig.defaults(upstreams)
                                            .withListen("0.0.0.0", gatewayPort)
                                            .withConcurrency(
                                                    slots,
                                                    GatewayConfig.DEFAULT_MAX_QUEUE,
                                                    Duration.ofSeconds(20))
                                            .withLabels(
                                                    new Labels(
                                                            CLUSTER,
                                                            NAMESPACE,
                                                            DEPLOYMENT,
                                                            null,
                                                            null,
                                                            null)),
                                    publisher));
            LocalFlink flink =
                    closer.add(
                            LocalFlink.start(
                                    flinkPort,
                                    Files.createDirectories(work.resolve("flink")),
                                    DemoJobs.SLOTS));
            JobConfig jobConfig =
                    JobConfig.builder()
                            .bootstrapServers(kafka.bootstrapServers())
                            // Fresher windows than the cluster defaults (30 s lateness): one
                            // gateway's records arrive nearly in order, so 5 s of lateness
                            // loses nothing here, and a window shows ~8 s after it ends.
                            .allowedLateness(Duration.ofSeconds(5))
                            // A window's record is visible once the checkpoint after it commits:
                            // up to one interval later, at a phase that stays put for the whole
                            // run. At 1 s that wait alone could take up the 1 s budget beyond the
                            // watermark delay (bench: 0.57 s in one run, 1.12 s in another);
                            // 500 ms leaves room for the watermark period and the commit.
                            .checkpointInterval(Duration.ofMillis(500))
                            .parallelism(2)
                            .build();
            var metricTopics = DemoJobs.submitAll(flink, jobConfig);
            Console console =
                    closer.add(
                            Console.start(
                                    ConsoleConfig.defaults(
                                                    kafka.bootstrapServers(),
                                                    Files.createDirectories(
                                                            work.resolve("console")))
                                            .withPort(consolePort)));
            LiveSummary summary =
                    closer.add(new LiveSummary(kafkaProps(kafka), out(), metricTopics));
            Thread summaryThread = new Thread(summary, "inferscope-demo-summary");
            summaryThread.setDaemon(true);
            summaryThread.start();
            AlertTicker alerts = closer.add(new AlertTicker(kafkaProps(kafka), out()));
            Thread alertThread = new Thread(alerts, "inferscope-demo-alerts");
            alertThread.setDaemon(true);
            alertThread.start();
            // The simulated pods' container logs (CRI layout, as on a node) and the real logs
            // collector tailing them. The demo's pods are named after the simulated replicas,
            // not <deployment>-<hash>-<id>, so a mapping names their deployment.
            SimulatedLogs podLogs =
                    new SimulatedLogs(
                            Files.createDirectories(work.resolve("pods")),
                            SimDeployment.DEMO,
                            System::currentTimeMillis);
            closer.add(
                    LogsCollector.start(
                            LogsCollectorConfig.builder()
                                    .source(
                                            LogSource.cri(
                                                    podLogs.root(), LogSource.DEFAULT_CRI_GLOB))
                                    .checkpointFile(work.resolve("logs-checkpoint.json"))
                                    .labels(CLUSTER, null)
                                    .deployments(
                                            new DeploymentResolver(
                                                    demoPodDeployments(replicas + 1)))
                                    .build(),
                            publisher));
            // The incidents count from here, like the load profile: the spike and the scale-up
            // line up.
            DemoScenario scenario =
                    closer.add(
                            DemoScenario.start(
                                    fleet,
                                    publisher,
                                    SimDeployment.DEMO,
                                    timeline,
                                    !noIncidents,
                                    out(),
                                    podLogs));
            LoadGenerator load =
                    noLoad
                            ? null
                            : closer.add(
                                    new LoadGenerator(loadConfig(timeline, runFor, gateway.port()))
                                            .start());
            printBanner(
                    fleet,
                    kafka,
                    gateway.port(),
                    flink.restPort(),
                    console.port(),
                    (System.nanoTime() - t0) / 1_000_000,
                    load != null,
                    timeline,
                    noIncidents ? null : scenario.plan());
            boolean timedOut =
                    runFor == null ? awaitStop(Long.MAX_VALUE) : !awaitStop(runFor.toMillis());
            out().println(timedOut ? "\nDemo duration reached; stopping ..." : "\nStopping ...");
            if (load != null) {
                out().println(load.report().summaryLine());
            }
            out().flush();
        } finally {
            Files.walk(work)
                    .sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
        out().println("Stopped; temporary files removed.");
        return 0;
    }

    /** Pod → deployment for the demo's pods (replicas plus the HPA's extra pod). */
    private static java.util.Map<String, String> demoPodDeployments(int pods) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pods; i++) {
            m.put(FleetConfig.NAME_PREFIX + i, DEPLOYMENT);
        }
        return m;
    }

    private LoadConfig loadConfig(ScenarioTimeline timeline, Duration runFor, int port) {
        RateProfile profile = timeline.loadProfile(rate, spikeFactor);
        return LoadConfig.defaults("http://localhost:" + port)
                .withProfile(profile)
                .withDuration(runFor == null ? Duration.ofDays(365) : runFor);
    }

    private java.util.Properties kafkaProps(EmbeddedKafka kafka) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    private void printBanner(
            FleetSimulator fleet,
            EmbeddedKafka kafka,
            int gwPort,
            int restPort,
            int consoleHttpPort,
            long startMs,
            boolean load,
            ScenarioTimeline timeline,
            String incidents) {
        var o = out();
        o.printf("%nInferScope demo is running (started in %.1f s)%n", startMs / 1000.0);
        o.printf("  gateway (OpenAI API)  http://localhost:%d/v1/chat/completions%n", gwPort);
        o.printf("  Flink dashboard       http://localhost:%d%n", restPort);
        o.printf("  dashboard             http://localhost:%d/%n", consoleHttpPort);
        o.printf(
                "  console (REST, /metrics) http://localhost:%d/api/v1/groups  http://localhost:%d/metrics%n",
                consoleHttpPort, consoleHttpPort);
        o.printf("  log search            ./inferscope logs search \"error\" --since 15m%n");
        o.printf("  Kafka                 %s%n", kafka.bootstrapServers());
        o.printf("  simulated replicas    %s%n", String.join(" ", fleet.replicaUrls()));
        o.println(
                load
                        ? String.format(
                                java.util.Locale.ROOT,
                                "  load                  %.1f req/s steady, ×%.0f spike after %d s, recovery after %d s",
                                rate,
                                spikeFactor,
                                timeline.steady().toSeconds(),
                                timeline.steady().plus(timeline.spike()).toSeconds())
                        : "  load                  none (--no-load): send your own requests");
        o.println(
                "  simulated cluster     "
                        + NAMESPACE
                        + "/"
                        + DEPLOYMENT
                        + ": one H100 per replica, pods, HPA, quota, events");
        o.println(
                incidents == null
                        ? "  incidents             none (--no-incidents)"
                        : "  incidents             " + incidents);
        o.println("Try, in another terminal:");
        o.printf(
                "  curl -N localhost:%d/v1/chat/completions -H 'content-type: application/json' \\%n",
                gwPort);
        o.println(
                "       -d '{\"model\":\"llama-3.1-8b-instruct\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
        o.println("  ./inferscope tail inferscope.metrics.requests");
        o.println("  ./inferscope tail inferscope.metrics.gpu   (or inferscope.metrics.cluster)");
        o.println(
                "Windows of 10 s appear below once they close (window + watermark delay + checkpoint). Ctrl-C stops.");
        o.flush();
    }

    private boolean awaitStop(long millis) throws InterruptedException {
        return stop.await(millis, TimeUnit.MILLISECONDS);
    }

    private void requestStopAndWait() {
        stop.countDown();
        try {
            stopped.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes what was started, last first, logging nothing unless a close fails. */
    static final class Closer implements AutoCloseable {
        private final List<AutoCloseable> started = new ArrayList<>();

        <T extends AutoCloseable> T add(T c) {
            started.add(c);
            return c;
        }

        @Override
        public void close() {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("warning: while stopping: " + e);
                }
            }
        }
    }
}
