package io.inferscope.bench;

import io.inferscope.bench.ClosedLoopClient.Target;
import io.inferscope.bench.PhaseResult.Mode;
import io.inferscope.collector.gateway.GatewayConfig;
import io.inferscope.collector.gateway.Upstream;
import io.inferscope.schemas.Labels;
import io.inferscope.simulator.Faults;
import io.inferscope.simulator.FleetConfig;
import io.inferscope.simulator.LatencyModel;
import io.inferscope.simulator.ReplicaConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * What the gateway costs a client: TTFT and throughput of streaming chat completions at a fixed
 * concurrency, going direct to simulated replicas versus through the gateway (which publishes its
 * records through a real publisher to a Kafka broker in a process of its own), in interleaved A/B
 * rounds so that drift of a shared machine hits both sides alike.
 *
 * <p>Four processes, as deployed: this JVM is the load client; the simulated fleet, the broker and
 * the gateway are child JVMs running {@link BenchChild} with {@code --child-jvm-flags}, their logs
 * in {@code bench/target/gateway-overhead/}. The JIT warm-up phase goes through the gateway, so it
 * warms all three.
 *
 * <p>Run: {@code ./mvnw -q -pl bench exec:java
 * -Dexec.mainClass=io.inferscope.bench.GatewayOverheadBench -Dexec.args="--measure 20"}. Options:
 * see {@link BenchOptions}. Prints a Markdown table and writes it to {@code
 * bench/results/gateway-overhead.md}. System properties: {@code bench.results} (the results
 * directory, set by the module's exec configuration). To profile the gateway, add e.g. {@code
 * -XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile} to {@code --gateway-jvm-flags}.
 *
 * <p>The simulator is made deterministic (fixed prefill and per-token times, no batch slowdown,
 * fixed prompt and output lengths, enough slots that nothing queues, no faults) so that the only
 * difference between the two sides is the gateway.
 */
public final class GatewayOverheadBench {
    static final String RESULTS_FILE = "gateway-overhead.md";

    /** The publisher's client id; it also names its threads, which {@link CpuMeter} counts. */
    static final String CLIENT_ID = "bench-gateway";

    /** The loopback probe: about 2.5 s before the phases, on the idle processes. */
    static final int PROBE_TRIPS = 2000;

    static final long PROBE_PAUSE_MICROS = 1000;

    private GatewayOverheadBench() {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        preloadOwnClasses();
        BenchOptions o = BenchOptions.parse(args);
        MachineInfo machine = MachineInfo.capture();
        String loadAtStart = MachineInfo.loadAverage();
        String classPath = classPath();
        Path logs = Files.createDirectories(Path.of("bench/target/gateway-overhead"));
        List<String> jvm = BenchOptions.flags(o.childJvmFlags());
        List<String> gatewayJvm = new ArrayList<>(jvm);
        gatewayJvm.addAll(BenchOptions.flags(o.gatewayJvmFlags()));
        List<String> childArgs = o.asArgs();
        GatewayOverheadReport.Run run;
        try (Closer closer = new Closer()) {
            GatewayJvm.pin(ProcessHandle.current().pid(), o.otherCpus());
            ChildProcess sim =
                    closer.add(
                            ChildProcess.start(
                                    "sim",
                                    o.otherCpus(),
                                    jvm,
                                    classPath,
                                    childArgs,
                                    logs.resolve("sim.log")));
            ChildProcess broker =
                    closer.add(
                            ChildProcess.start(
                                    "broker",
                                    o.otherCpus(),
                                    jvm,
                                    classPath,
                                    childArgs,
                                    logs.resolve("broker.log")));
            List<String> replicaUrls = List.of(sim.awaitReady().split(","));
            String bootstrap = broker.awaitReady();
            List<String> gatewayArgs = new ArrayList<>(childArgs);
            gatewayArgs.addAll(List.of("--upstreams", String.join(",", replicaUrls)));
            gatewayArgs.addAll(List.of("--bootstrap", bootstrap));
            ChildProcess gw =
                    closer.add(
                            ChildProcess.start(
                                    "gateway",
                                    o.gatewayCpus(),
                                    gatewayJvm,
                                    classPath,
                                    gatewayArgs,
                                    logs.resolve("gateway.log")));
            String[] ready = gw.awaitReady().split(" ");
            int gatewayPort = Integer.parseInt(ready[0]);
            int gatewayLoops = Integer.parseInt(ready[1]);
            int barePort = Integer.parseInt(ready[2]);
            Vertx clientVertx =
                    Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.clientLoops()));
            closer.add(() -> clientVertx.close().toCompletionStage().toCompletableFuture().join());
            System.err.printf(
                    "stack up in %.1f s: client pid %d, simulator pid %d, broker pid %d,"
                            + " gateway pid %d%n",
                    (System.nanoTime() - t0) / 1e9,
                    ProcessHandle.current().pid(),
                    sim.pid(),
                    broker.pid(),
                    gw.pid());
            Histogram loopback = LoopbackProbe.measure(PROBE_TRIPS, PROBE_PAUSE_MICROS);
            List<PhaseResult> phases =
                    runPhases(
                            o,
                            new ClosedLoopClient(clientVertx, o),
                            new ProcessWindow(sim, broker, gw),
                            targets(replicaUrls),
                            List.of(new Target("127.0.0.1", gatewayPort)),
                            barePort < 0 ? List.of() : List.of(new Target("127.0.0.1", barePort)));
            String[] records = gw.ask("stop", "stopped").split(" ");
            run =
                    new GatewayOverheadReport.Run(
                            machine,
                            loadAtStart,
                            MachineInfo.loadAverage(),
                            command(args),
                            o,
                            gatewayLoops,
                            jvm,
                            loopback,
                            phases,
                            Long.parseLong(records[0]),
                            Long.parseLong(records[1]),
                            Long.parseLong(records[2]),
                            Long.parseLong(records[3]),
                            Boolean.parseBoolean(records[4]));
        }
        String md = GatewayOverheadReport.render(run);
        System.out.println(md);
        Files.createDirectories(o.results());
        Path out = o.results().resolve(RESULTS_FILE);
        Files.writeString(out, md);
        System.out.printf(
                "written to %s (%.0f s in all)%n",
                out.toAbsolutePath().normalize(), (System.nanoTime() - t0) / 1e9);
        System.exit(0); // exec:java would otherwise wait for the client's threads
    }

    static List<PhaseResult> runPhases(
            BenchOptions o,
            ClosedLoopClient client,
            ClosedLoopClient.Window window,
            List<Target> direct,
            List<Target> gateway,
            List<Target> bareProxy)
            throws InterruptedException, IOException {
        List<PhaseResult> phases = new ArrayList<>();
        if (!o.jitWarmup().isZero()) {
            // Warms all three JVMs: the simulator and client run the same code either way.
            client.run(Mode.GATEWAY, 0, gateway, Duration.ZERO, o.jitWarmup(), window);
            if (!bareProxy.isEmpty()) {
                // Its own code is small: a third of the gateway's warm-up compiles it.
                client.run(
                        Mode.BARE_PROXY,
                        0,
                        bareProxy,
                        Duration.ZERO,
                        o.jitWarmup().dividedBy(3),
                        window);
            }
        }
        for (int round = 1; round <= o.rounds(); round++) {
            phases.add(client.run(Mode.DIRECT, round, direct, o.warmup(), o.measure(), window));
            progress(phases);
            if (o.control()) {
                phases.add(
                        client.run(Mode.CONTROL, round, direct, o.warmup(), o.measure(), window));
                progress(phases);
            }
            phases.add(client.run(Mode.GATEWAY, round, gateway, o.warmup(), o.measure(), window));
            progress(phases);
            if (!bareProxy.isEmpty()) {
                phases.add(
                        client.run(
                                Mode.BARE_PROXY,
                                round,
                                bareProxy,
                                o.warmup(),
                                o.measure(),
                                window));
                progress(phases);
            }
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

    static GatewayConfig gatewayConfig(BenchOptions o, List<String> replicaUrls) {
        List<Upstream> upstreams = new ArrayList<>();
        for (int i = 0; i < replicaUrls.size(); i++) {
            upstreams.add(Upstream.parse(FleetConfig.NAME_PREFIX + i + "=" + replicaUrls.get(i)));
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
                p.cores().get(PhaseResult.GATEWAY_JVM));
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

    /**
     * The class path this harness was loaded from, for the children: exec:java loads it in a
     * URLClassLoader beside Maven's own class path, so the loaders are asked first and {@code
     * java.class.path} is the fallback (a plain {@code java -cp} run).
     */
    static String classPath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = GatewayOverheadBench.class.getClassLoader();
                cl != null;
                cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    entries.add(Path.of(url.toURI()).toString());
                }
            }
        }
        return entries.isEmpty()
                ? System.getProperty("java.class.path")
                : String.join(File.pathSeparator, entries);
    }

    static void deleteTree(Path root) throws IOException {
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
