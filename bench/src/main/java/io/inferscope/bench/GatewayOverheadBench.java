package io.inferscope.bench;

import io.inferscope.bench.ClosedLoopClient.Target;
import io.inferscope.bench.PhaseResult.Mode;
import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.collector.gateway.Gateway;
import io.inferscope.collector.gateway.GatewayConfig;
import io.inferscope.collector.gateway.Upstream;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import io.inferscope.simulator.Faults;
import io.inferscope.simulator.FleetConfig;
import io.inferscope.simulator.FleetSimulator;
import io.inferscope.simulator.LatencyModel;
import io.inferscope.simulator.ReplicaConfig;
import io.inferscope.testkit.EmbeddedKafka;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * What the gateway costs a client: TTFT and throughput of streaming chat completions at a fixed
 * concurrency, going direct to simulated replicas versus through the gateway (which publishes its
 * records through a real {@link Publisher} to an in-process Kafka broker), in interleaved A/B
 * rounds so that drift of a shared machine hits both sides alike.
 *
 * <p>Run: {@code ./mvnw -q -pl bench exec:java
 * -Dexec.mainClass=io.inferscope.bench.GatewayOverheadBench -Dexec.args="--measure 20"}. Options:
 * see {@link BenchOptions}. Prints a Markdown table and writes it to {@code
 * bench/results/gateway-overhead.md}. System properties: {@code bench.results} (the results
 * directory, set by the module's exec configuration) and {@code bench.threads} (print each thread's
 * id and part at the end, to attribute an external profiler's samples, e.g. JFR's).
 *
 * <p>The simulator is made deterministic (fixed prefill and per-token times, no batch slowdown,
 * fixed prompt and output lengths, enough slots that nothing queues, no faults) so that the only
 * difference between the two sides is the gateway.
 */
public final class GatewayOverheadBench {
    static final String RESULTS_FILE = "gateway-overhead.md";

    /** The publisher's client id; it also names its threads, which {@link CpuMeter} counts. */
    static final String CLIENT_ID = "bench-gateway";

    /** The loopback probe: about 2.5 s before the phases, on the idle stack. */
    static final int PROBE_TRIPS = 2000;

    static final long PROBE_PAUSE_MICROS = 1000;

    private GatewayOverheadBench() {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        preloadOwnClasses();
        BenchOptions o = BenchOptions.parse(args);
        MachineInfo machine = MachineInfo.capture();
        String loadAtStart = MachineInfo.loadAverage();
        Path spool = Files.createTempDirectory("inferscope-bench-spool-");
        List<TopicSpec<?>> topics = List.of(Topics.RAW_REQUESTS, Topics.RAW_TOKENS);
        GatewayOverheadReport.Run run;
        CpuMeter cpu = new CpuMeter(PhaseResult.GATEWAY_PART, CLIENT_ID);
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().topics(topics).build().start();
                Closer closer = new Closer()) {
            cpu.started("Kafka broker");
            FleetSimulator fleet = closer.add(FleetSimulator.start(fleetConfig(o)));
            cpu.started("simulator");
            Publisher publisher =
                    closer.add(
                            Publisher.start(
                                    PublisherConfig.builder(kafka.bootstrapServers())
                                            .clientId(CLIENT_ID)
                                            .spoolDir(spool)
                                            .build()));
            GatewayConfig gc = gatewayConfig(o, fleet);
            ObservingSink sink = new ObservingSink(publisher);
            Gateway gateway = closer.add(Gateway.start(gc, sink));
            cpu.started(PhaseResult.GATEWAY_PART);
            Vertx clientVertx =
                    Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.clientLoops()));
            closer.add(() -> clientVertx.close().toCompletionStage().toCompletableFuture().join());
            cpu.started("client");
            System.err.printf("stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            Histogram loopback = LoopbackProbe.measure(PROBE_TRIPS, PROBE_PAUSE_MICROS);
            List<PhaseResult> phases =
                    runPhases(
                            o,
                            new ClosedLoopClient(clientVertx, o),
                            cpu,
                            sink,
                            targets(fleet.replicaUrls()),
                            List.of(new Target("127.0.0.1", gateway.port())));
            if (Boolean.getBoolean("bench.threads")) {
                // For attributing an external profiler's samples (e.g. JFR) to the parts.
                System.err.print(cpu.describe());
            }
            boolean flushed = publisher.flush(Duration.ofSeconds(10));
            run =
                    new GatewayOverheadReport.Run(
                            machine,
                            loadAtStart,
                            MachineInfo.loadAverage(),
                            command(args),
                            o,
                            gc.eventLoops(),
                            cpu.partNames(),
                            loopback,
                            phases,
                            publisher.metrics(),
                            gateway.metrics().recordsNotAccepted(),
                            flushed);
        } finally {
            deleteTree(spool);
        }
        String md = GatewayOverheadReport.render(run);
        System.out.println(md);
        Files.createDirectories(o.results());
        Path out = o.results().resolve(RESULTS_FILE);
        Files.writeString(out, md);
        System.out.printf(
                "written to %s (%.0f s in all)%n",
                out.toAbsolutePath().normalize(), (System.nanoTime() - t0) / 1e9);
    }

    static List<PhaseResult> runPhases(
            BenchOptions o,
            ClosedLoopClient client,
            CpuMeter cpu,
            ObservingSink sink,
            List<Target> direct,
            List<Target> gateway)
            throws InterruptedException {
        List<PhaseResult> phases = new ArrayList<>();
        if (!o.jitWarmup().isZero()) {
            client.run(Mode.GATEWAY, 0, gateway, Duration.ZERO, o.jitWarmup(), cpu, sink);
        }
        for (int round = 1; round <= o.rounds(); round++) {
            phases.add(client.run(Mode.DIRECT, round, direct, o.warmup(), o.measure(), cpu, sink));
            progress(phases);
            phases.add(
                    client.run(Mode.GATEWAY, round, gateway, o.warmup(), o.measure(), cpu, sink));
            progress(phases);
        }
        return phases;
    }

    static FleetConfig fleetConfig(BenchOptions o) {
        // No per-token prefill and no batch slowdown: every request takes the same time however
        // many run, so the two sides differ by the gateway alone.
        LatencyModel latency = new LatencyModel(o.prefillMs(), 0, o.decodeMs(), 0, 1.0);
        ReplicaConfig replica =
                ReplicaConfig.defaults(FleetConfig.NAME_PREFIX + 0)
                        .withSlots(o.streams())
                        .withMaxQueue(o.streams())
                        .withLatency(latency)
                        .withFaults(Faults.NONE);
        return FleetConfig.uniform(o.replicas(), replica);
    }

    static GatewayConfig gatewayConfig(BenchOptions o, FleetSimulator fleet) {
        List<Upstream> upstreams = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            upstreams.add(
                    Upstream.parse(
                            fleet.replica(i).config().name() + "=" + fleet.replicaUrls().get(i)));
        }
        GatewayConfig c =
                GatewayConfig.defaults(upstreams)
                        .withListen("127.0.0.1", 0)
                        .withLabels(new Labels("bench", "default", "llama", null, null, null));
        return o.gatewayLoops() > 0 ? c.withEventLoops(o.gatewayLoops()) : c;
    }

    private static List<Target> targets(List<String> urls) {
        return urls.stream()
                .map(URI::create)
                .map(u -> new Target(u.getHost(), u.getPort()))
                .toList();
    }

    private static String command(String[] args) {
        String base =
                "./mvnw -q -pl bench exec:java"
                        + " -Dexec.mainClass=io.inferscope.bench.GatewayOverheadBench";
        return args.length == 0 ? base : base + " -Dexec.args=\"" + String.join(" ", args) + "\"";
    }

    private static void progress(List<PhaseResult> phases) {
        PhaseResult p = phases.get(phases.size() - 1);
        System.err.printf(
                java.util.Locale.ROOT,
                "%-10s %7.1f req/s  TTFT p50 %.3f ms  p99 %.3f ms  errors %d  CPU %s%n",
                p.label(),
                p.requestsPerSecond(),
                p.ttftMs(50),
                p.ttftMs(99),
                p.errors(),
                p.cores());
    }

    /**
     * Loads every class of this package now. Run from a shared working tree, a build started
     * elsewhere during the two-minute run can rewrite {@code target/classes}, and a class first
     * needed at the end (the report) would then fail to load.
     */
    private static void preloadOwnClasses() {
        try {
            URI where = GatewayOverheadBench.class.getResource("").toURI();
            if (!"file".equals(where.getScheme())) {
                return; // in a jar: nothing can change under us
            }
            try (Stream<Path> files = Files.list(Path.of(where))) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".class")) {
                        Class.forName(
                                GatewayOverheadBench.class.getPackageName()
                                        + "."
                                        + name.substring(0, name.length() - ".class".length()),
                                false,
                                GatewayOverheadBench.class.getClassLoader());
                    }
                }
            }
        } catch (Exception | LinkageError e) {
            System.err.println("warning: could not preload the harness's classes: " + e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
