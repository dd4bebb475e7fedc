package io.inferscope.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@link GatewayOverheadBench}, given as {@code --name value} pairs.
 *
 * @param streams concurrent closed-loop streams (default 64)
 * @param jitWarmup one discarded run through the gateway before the first phase, so the first
 *     direct phase does not pay for compiling code the later phases get for free; it warms all
 *     three JVMs (default 60 s: with four JVMs on two cores, 8 s left the gateway's JIT compiling
 *     through the first rounds, and 30 s still left the gateway phases of rounds 1–2 slower than
 *     the later ones in a run on 2026-11-29)
 * @param warmup discarded start of every phase: connections opened, steady state (default 2 s)
 * @param measure measured part of every phase (default 10 s)
 * @param rounds direct-then-gateway rounds, A/B/A/B/A/B (default 3: an odd count has a true median)
 * @param control whether every round runs a second direct phase after the first, A/A/B: the
 *     difference between the two direct phases is what the machine alone moves a figure by, the
 *     floor under any added latency this bench can resolve (default false)
 * @param bareProxy whether every round also runs the requests through {@link BareProxy}, a proxy
 *     that does nothing but relay, in the gateway's JVM: what it adds over direct is what one more
 *     hop costs on this machine, the floor under any proxy's added latency (default true)
 * @param replicas simulated replicas (default 4); each has {@code streams} slots, so no request
 *     ever queues in the simulator
 * @param promptTokens prompt length sent in the simulator's {@code x-prompt-tokens} header (256)
 * @param maxTokens {@code max_tokens} of every request; the simulator always generates exactly this
 *     many (default 64)
 * @param prefillMs simulated time to first token (default 10 ms)
 * @param decodeMs simulated time per further token, the same at any batch size (default 10 ms)
 * @param gatewayLoops the gateway's event loops; 0 = the gateway's own default (default 0)
 * @param clientLoops event loops of the load-generating client (default 2)
 * @param includeUsage whether the client asks for {@code stream_options.include_usage}; without it
 *     the gateway rewrites the body and strips the usage chunk, its costlier path (default false)
 * @param childJvmFlags JVM flags of the simulator and gateway child processes, space-separated
 *     (default {@code -Xmx1g})
 * @param gatewayJvmFlags further JVM flags of the gateway process only, after the child flags
 *     (default {@code @collectors/gateway/gateway.jvm.options}, the flags {@code inferscope
 *     gateway} runs with; add e.g. a JFR recording after it)
 * @param gatewayCpus CPUs the gateway process is pinned to ({@code taskset -c} list, e.g. {@code
 *     1}); blank: not pinned, every process shares every core (default)
 * @param otherCpus CPUs of the client, simulator and broker processes when the gateway is pinned
 *     (default: every CPU the gateway was not given), so the gateway runs on cores of its own as it
 *     would in a pod with its own CPU request
 * @param results directory of the results file (default: system property {@code bench.results}, set
 *     by the module's exec configuration, else {@code bench/results})
 */
record BenchOptions(
        int streams,
        Duration jitWarmup,
        Duration warmup,
        Duration measure,
        int rounds,
        boolean control,
        boolean bareProxy,
        int replicas,
        int promptTokens,
        int maxTokens,
        double prefillMs,
        double decodeMs,
        int gatewayLoops,
        int clientLoops,
        boolean includeUsage,
        String childJvmFlags,
        String gatewayJvmFlags,
        String gatewayCpus,
        String otherCpus,
        Path results) {

    private static final Set<String> KEYS =
            Set.of(
                    "streams",
                    "jit-warmup",
                    "warmup",
                    "measure",
                    "rounds",
                    "control",
                    "bare-proxy",
                    "replicas",
                    "prompt-tokens",
                    "max-tokens",
                    "prefill-ms",
                    "decode-ms",
                    "gateway-loops",
                    "client-loops",
                    "include-usage",
                    "child-jvm-flags",
                    "gateway-jvm-flags",
                    "gateway-cpus",
                    "other-cpus",
                    "results");

    BenchOptions {
        if (streams < 1 || rounds < 1 || replicas < 1 || maxTokens < 1 || promptTokens < 1) {
            throw new IllegalArgumentException(
                    "streams, rounds, replicas, max-tokens, prompt-tokens must be >= 1");
        }
        if (measure.isZero() || measure.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("measure must be > 0 and warmup >= 0");
        }
        if (gatewayLoops < 0 || clientLoops < 1) {
            throw new IllegalArgumentException("gateway-loops >= 0 and client-loops >= 1");
        }
    }

    static BenchOptions parse(String... args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !KEYS.contains(a.substring(2))) {
                throw new IllegalArgumentException("unknown option '" + a + "'; known: " + KEYS);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            m.put(a.substring(2), args[++i]);
        }
        String defaultResults = System.getProperty("bench.results", "bench/results");
        return new BenchOptions(
                Integer.parseInt(m.getOrDefault("streams", "64")),
                seconds(m.getOrDefault("jit-warmup", "60")),
                seconds(m.getOrDefault("warmup", "2")),
                seconds(m.getOrDefault("measure", "10")),
                Integer.parseInt(m.getOrDefault("rounds", "3")),
                Boolean.parseBoolean(m.getOrDefault("control", "false")),
                Boolean.parseBoolean(m.getOrDefault("bare-proxy", "true")),
                Integer.parseInt(m.getOrDefault("replicas", "4")),
                Integer.parseInt(m.getOrDefault("prompt-tokens", "256")),
                Integer.parseInt(m.getOrDefault("max-tokens", "64")),
                Double.parseDouble(m.getOrDefault("prefill-ms", "10")),
                Double.parseDouble(m.getOrDefault("decode-ms", "10")),
                Integer.parseInt(m.getOrDefault("gateway-loops", "0")),
                Integer.parseInt(m.getOrDefault("client-loops", "2")),
                Boolean.parseBoolean(m.getOrDefault("include-usage", "false")),
                m.getOrDefault("child-jvm-flags", "-Xmx1g"),
                m.getOrDefault("gateway-jvm-flags", "@" + GatewayJvm.optionsFile()),
                m.getOrDefault("gateway-cpus", ""),
                m.getOrDefault(
                        "other-cpus",
                        m.getOrDefault("gateway-cpus", "").isBlank()
                                ? ""
                                : GatewayJvm.complement(m.get("gateway-cpus"))),
                Path.of(m.getOrDefault("results", defaultResults)));
    }

    private static Duration seconds(String s) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }

    /** The options as command-line arguments, every one spelled out (for the results file). */
    List<String> asArgs() {
        List<String> a = new ArrayList<>();
        add(a, "streams", streams);
        add(a, "jit-warmup", secs(jitWarmup));
        add(a, "warmup", secs(warmup));
        add(a, "measure", secs(measure));
        add(a, "rounds", rounds);
        add(a, "control", control);
        add(a, "bare-proxy", bareProxy);
        add(a, "replicas", replicas);
        add(a, "prompt-tokens", promptTokens);
        add(a, "max-tokens", maxTokens);
        add(a, "prefill-ms", num(prefillMs));
        add(a, "decode-ms", num(decodeMs));
        add(a, "gateway-loops", gatewayLoops);
        add(a, "client-loops", clientLoops);
        add(a, "include-usage", includeUsage);
        add(a, "child-jvm-flags", childJvmFlags);
        add(a, "gateway-jvm-flags", gatewayJvmFlags);
        add(a, "gateway-cpus", gatewayCpus);
        add(a, "other-cpus", otherCpus);
        return a;
    }

    /** Splits a space-separated flag list; none for a blank one. */
    static List<String> flags(String spaced) {
        return spaced.isBlank() ? List.of() : List.of(spaced.trim().split("\\s+"));
    }

    private static void add(List<String> a, String key, Object value) {
        a.add("--" + key);
        a.add(String.valueOf(value));
    }

    private static String secs(Duration d) {
        return num(d.toMillis() / 1000.0);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
