package io.inferscope.bench;

import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.collector.core.PublisherMetrics;
import io.inferscope.collector.gateway.Gateway;
import io.inferscope.collector.gateway.GatewayConfig;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import io.inferscope.simulator.FleetSimulator;
import io.inferscope.testkit.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The main of {@link GatewayOverheadBench}'s child JVMs: {@code BenchChild sim <options>} runs the
 * simulated fleet, {@code BenchChild broker <options>} runs a Kafka broker (in-process in that
 * child), {@code BenchChild gateway <options> --upstreams URL,URL... --bootstrap HOST:PORT} runs
 * the gateway with its real publisher to that broker. Each runs in its own process so that the load
 * client, the replicas, the broker and the gateway do not share a JIT, a heap or a GC, as in a
 * deployment (a broker in the gateway's JVM would put the broker's garbage into the gateway's
 * pauses).
 *
 * <p>The harness talks to a child over its stdin and stdout, one line each way (see {@link
 * ChildProcess}): the child prints {@code @@ready <what>}, then answers {@code open} (start
 * recording the gateway-measured TTFT), {@code close} (stop; reply with the histogram and the CPU
 * of the child's parts since {@code open}) and {@code stop} (flush, reply with the record counts,
 * exit). Logging goes to stderr, which the harness sends to a file.
 */
public final class BenchChild {
    static final String PREFIX = "@@";

    private BenchChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String role = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        String upstreams = valueOf(rest, "--upstreams");
        rest = without(rest, "--upstreams");
        String bootstrap = valueOf(rest, "--bootstrap");
        rest = without(rest, "--bootstrap");
        BenchOptions o = BenchOptions.parse(rest);
        switch (role) {
            case "sim" -> runSimulator(o, out);
            case "broker" -> runBroker(out);
            case "gateway" -> runGateway(o, upstreams, bootstrap, out);
            default -> throw new IllegalArgumentException("unknown role " + role);
        }
        System.exit(0);
    }

    private static void runSimulator(BenchOptions o, PrintStream out) throws Exception {
        try (FleetSimulator fleet = FleetSimulator.start(GatewayOverheadBench.fleetConfig(o))) {
            out.println(PREFIX + "ready " + String.join(",", fleet.replicaUrls()));
            serve(out, null, null, null);
        }
    }

    private static void runBroker(PrintStream out) throws Exception {
        List<TopicSpec<?>> topics = List.of(Topics.RAW_REQUESTS, Topics.RAW_TOKENS);
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().topics(topics).build().start()) {
            out.println(PREFIX + "ready " + kafka.bootstrapServers());
            serve(out, null, null, null);
        }
    }

    private static void runGateway(
            BenchOptions o, String upstreams, String bootstrap, PrintStream out) throws Exception {
        Path spool = Files.createTempDirectory("inferscope-bench-spool-");
        CpuMeter cpu = new CpuMeter(PhaseResult.GATEWAY_PART, GatewayOverheadBench.CLIENT_ID);
        try (Closer closer = new Closer()) {
            // The publisher as `inferscope gateway` configures it: the defaults.
            Publisher publisher =
                    closer.add(
                            Publisher.start(
                                    PublisherConfig.builder(bootstrap)
                                            .clientId(GatewayOverheadBench.CLIENT_ID)
                                            .spoolDir(spool)
                                            .kafkaOverrides(experimentOverrides())
                                            .build()));
            GatewayConfig gc = GatewayOverheadBench.gatewayConfig(o, List.of(upstreams.split(",")));
            ObservingSink sink = new ObservingSink(publisher);
            Gateway gateway = closer.add(Gateway.start(gc, sink));
            // The reference proxy's threads start lazily, after this: they count as the gateway's
            // part, which is idle while the reference proxy's phase runs.
            cpu.started(PhaseResult.GATEWAY_PART);
            int barePort =
                    o.bareProxy()
                            ? closer.add(
                                            BareProxy.start(
                                                    gc.eventLoops(), List.of(upstreams.split(","))))
                                    .port()
                            : -1;
            out.println(
                    PREFIX + "ready " + gateway.port() + " " + gc.eventLoops() + " " + barePort);
            serve(out, sink, cpu, () -> records(publisher, gateway));
        } finally {
            GatewayOverheadBench.deleteTree(spool);
        }
    }

    /**
     * Producer properties to try against the defaults, for experiments only: {@code
     * -Dbench.kafka.linger.ms=100} in {@code --gateway-jvm-flags} sets {@code linger.ms=100}. None
     * by default, so the gateway publishes as {@code inferscope gateway} does.
     */
    private static java.util.Properties experimentOverrides() {
        java.util.Properties p = new java.util.Properties();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("bench.kafka."))
                .forEach(k -> p.put(k.substring("bench.kafka.".length()), System.getProperty(k)));
        return p;
    }

    private static String records(Publisher publisher, Gateway gateway) {
        boolean flushed = publisher.flush(Duration.ofSeconds(10));
        PublisherMetrics r = publisher.metrics();
        return r.published()
                + " "
                + r.sent()
                + " "
                + r.droppedTotal()
                + " "
                + gateway.metrics().recordsNotAccepted()
                + " "
                + flushed;
    }

    /** Answers the harness's commands until {@code stop} or the end of stdin. */
    private static void serve(
            PrintStream out,
            ObservingSink sink,
            CpuMeter cpu,
            java.util.function.Supplier<String> onStop)
            throws Exception {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CpuMeter.Snapshot opened = null;
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "open" -> {
                    if (sink != null) {
                        sink.open();
                        opened = cpu.snapshot();
                    }
                    out.println(PREFIX + "ok");
                }
                case "close" -> {
                    if (sink == null) {
                        out.println(PREFIX + "closed - -");
                        break;
                    }
                    Histogram h = sink.close();
                    Map<String, Double> cores = CpuMeter.cores(opened, cpu.snapshot());
                    out.println(PREFIX + "closed " + encode(h) + " " + encodeCores(cores));
                }
                case "stop" -> {
                    out.println(PREFIX + "stopped " + (onStop == null ? "-" : onStop.get()));
                    return;
                }
                default -> out.println(PREFIX + "error unknown command " + line);
            }
        }
    }

    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
    }

    static Histogram decode(String s) throws java.util.zip.DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(s)), 0);
    }

    /** {@code part=cores;part=cores}, part names with spaces as underscores. */
    static String encodeCores(Map<String, Double> cores) {
        return cores.entrySet().stream()
                .map(e -> e.getKey().replace(' ', '_') + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    static Map<String, Double> decodeCores(String s) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (String kv : s.split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(
                        kv.substring(0, eq).replace('_', ' '),
                        Double.parseDouble(kv.substring(eq + 1)));
            }
        }
        return m;
    }

    private static String valueOf(String[] a, String option) {
        int at = List.of(a).indexOf(option);
        return at < 0 || at + 1 >= a.length ? "" : a[at + 1];
    }

    private static String[] without(String[] a, String option) {
        int at = List.of(a).indexOf(option);
        return at < 0 ? a : withoutPair(a, at);
    }

    private static String[] withoutPair(String[] a, int at) {
        String[] r = new String[a.length - 2];
        System.arraycopy(a, 0, r, 0, at);
        System.arraycopy(a, at + 2, r, at, a.length - at - 2);
        return r;
    }
}
