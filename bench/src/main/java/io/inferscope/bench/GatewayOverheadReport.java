package io.inferscope.bench;

import io.inferscope.bench.PhaseResult.Mode;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Renders a {@link GatewayOverheadBench} run as Markdown: setup, summary, phases, records. */
final class GatewayOverheadReport {

    /** What the run was and what it saw, beside the phases themselves. */
    record Run(
            MachineInfo machine,
            String loadAtStart,
            String loadAtEnd,
            String command,
            BenchOptions options,
            int gatewayLoops,
            List<String> childJvmFlags,
            Histogram loopbackRttMicros,
            List<PhaseResult> phases,
            long published,
            long acknowledged,
            long dropped,
            long notAccepted,
            boolean flushed) {}

    private GatewayOverheadReport() {}

    static String render(Run run) {
        StringBuilder md = new StringBuilder();
        BenchOptions o = run.options();
        md.append("# Gateway overhead at ").append(o.streams()).append(" concurrent streams\n\n");
        setup(md, run);
        summary(md, Overhead.of(run.phases()), run.phases());
        control(md, run.phases());
        bareProxy(md, run.phases());
        phases(md, run.phases());
        cpu(md, run.phases());
        records(md, run);
        notes(md, run);
        return md.toString();
    }

    private static void setup(StringBuilder md, Run run) {
        MachineInfo m = run.machine();
        BenchOptions o = run.options();
        md.append("- date: ").append(m.date()).append('\n');
        md.append(
                f(
                        "- machine: %d cores (%s), %.1f GiB memory, %s; %s%n",
                        m.cores(), m.cpuModel(), m.memoryGiB(), m.os(), m.java()));
        md.append("- load average (1/5/15 min, as `uptime`): ")
                .append(run.loadAtStart())
                .append(" at start, ")
                .append(run.loadAtEnd())
                .append(" at end\n");
        md.append(
                f(
                        "- one loopback TCP round trip between two threads of the idle stack"
                                + " (%d trips, 1 ms apart): p50 %.3f ms, p99 %.3f ms — each extra"
                                + " hop a proxy adds costs about this on this machine now%n",
                        run.loopbackRttMicros().getTotalCount(),
                        Overhead.percentileMs(run.loopbackRttMicros(), 50),
                        Overhead.percentileMs(run.loopbackRttMicros(), 99)));
        md.append("- command: `").append(run.command()).append("`\n");
        md.append(
                f(
                        "- setup, four processes: the simulator JVM (%d simulated replicas ×"
                                + " %d slots, no queueing, prefill %s ms, decode %s ms/token at any"
                                + " batch size, prompt %d tokens, max_tokens %d, no faults); the"
                                + " gateway JVM (gateway with %d event loops, its real Publisher with"
                                + " the defaults `inferscope gateway` uses); a Kafka broker JVM (one"
                                + " KRaft node); the client JVM"
                                + " (Vert.x with %d event loops, %d closed-loop streaming chat"
                                + " completions%s); child JVM flags `%s`, then for the gateway"
                                + " `%s`; %s%n",
                        o.replicas(),
                        o.streams(),
                        num(o.prefillMs()),
                        num(o.decodeMs()),
                        o.promptTokens(),
                        o.maxTokens(),
                        run.gatewayLoops(),
                        o.clientLoops(),
                        o.streams(),
                        o.includeUsage() ? ", asking for usage" : ", not asking for usage",
                        String.join(" ", run.childJvmFlags()),
                        o.gatewayJvmFlags(),
                        o.gatewayCpus().isBlank()
                                ? "no process pinned: all four share every core"
                                : "the gateway pinned to CPU "
                                        + o.gatewayCpus()
                                        + " (`taskset`), the client, simulator and broker to CPU "
                                        + o.otherCpus()));
        md.append(
                f(
                        "- phases: one %s s JIT warm-up through the gateway%s (discarded), then %d"
                                + " %s of direct (round-robin over the replicas)%s then"
                                + " gateway%s; each phase %s s warm-up (discarded) + %s s"
                                + " measured%n%n",
                        num(o.jitWarmup().toMillis() / 1000.0),
                        o.bareProxy()
                                ? " and one of "
                                        + num(o.jitWarmup().dividedBy(3).toMillis() / 1000.0)
                                        + " s through the bare proxy"
                                : "",
                        o.rounds(),
                        o.rounds() == 1 ? "round" : "rounds",
                        o.control() ? ", direct again" : "",
                        o.bareProxy()
                                ? ", then the bare proxy (a Vert.x proxy that only relays, in the"
                                        + " gateway's JVM)"
                                : "",
                        num(o.warmup().toMillis() / 1000.0),
                        num(o.measure().toMillis() / 1000.0)));
    }

    private static void summary(StringBuilder md, Overhead s, List<PhaseResult> phases) {
        double directTps = medianTps(phases, Mode.DIRECT);
        double gatewayTps = medianTps(phases, Mode.GATEWAY);
        md.append("## Summary (medians over rounds)\n\n");
        md.append("| figure | direct | gateway | added / ratio | target | met |\n");
        md.append("|---|---|---|---|---|---|\n");
        md.append(
                f(
                        "| TTFT p50 (ms) | %.3f | %.3f | %+.3f ms | | |%n",
                        s.directP50Ms(), s.gatewayP50Ms(), s.addedP50Ms()));
        md.append(
                f(
                        "| TTFT p99 (ms) | %.3f | %.3f | %+.3f ms | ≤ %.0f ms | %s |%n",
                        s.directP99Ms(),
                        s.gatewayP99Ms(),
                        s.addedP99Ms(),
                        Overhead.TARGET_ADDED_P99_MS,
                        s.meetsP99Target() ? "yes" : "**no**"));
        md.append(
                f(
                        "| completed requests/s | %.1f | %.1f | × %.3f | ≥ %.1f | %s |%n",
                        s.directRps(),
                        s.gatewayRps(),
                        s.throughputRatio(),
                        Overhead.TARGET_THROUGHPUT_RATIO,
                        s.meetsThroughputTarget() ? "yes" : "**no**"));
        md.append(
                f(
                        "| tokens/s | %.0f | %.0f | × %.3f | | |%n%n",
                        directTps, gatewayTps, Overhead.ratio(gatewayTps, directTps)));
        md.append("| round | added TTFT p50 (ms) | added TTFT p99 (ms) | throughput ratio |\n");
        md.append("|---|---|---|---|\n");
        for (PhaseResult d : phases) {
            if (d.mode() != Mode.DIRECT) {
                continue;
            }
            phases.stream()
                    .filter(g -> g.mode() == Mode.GATEWAY && g.round() == d.round())
                    .findFirst()
                    .map(g -> Overhead.of(d, g))
                    .ifPresent(
                            r ->
                                    md.append(
                                            f(
                                                    "| %d | %+.3f | %+.3f | %.3f |%n",
                                                    d.round(),
                                                    r.addedP50Ms(),
                                                    r.addedP99Ms(),
                                                    r.throughputRatio())));
        }
        md.append('\n');
    }

    /**
     * The A/A control ({@code --control true}): the same direct phase twice in a row, so the
     * "added" figures of that pair are what the machine alone moves a percentile by between two
     * phases. An added TTFT smaller than their spread cannot be told apart from nothing here.
     */
    private static void control(StringBuilder md, List<PhaseResult> phases) {
        List<Overhead.Difference> pairs = Overhead.control(phases);
        if (pairs.isEmpty()) {
            return;
        }
        md.append("## A/A control: the direct phase twice, nothing added\n\n");
        md.append(
                "Each round ran the direct phase a second time right after the first (`direct"
                        + " again`). Its \"added\" TTFT is what the machine alone moves the"
                        + " percentile by from one phase to the next: no gateway can be shown to add"
                        + " less than this spread.\n\n");
        md.append("| round | \"added\" TTFT p50 (ms) | \"added\" TTFT p99 (ms) |\n|---|---|---|\n");
        double[] p50 = new double[pairs.size()];
        double[] p99 = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            Overhead.Difference r = pairs.get(i);
            p50[i] = r.p50Ms();
            p99[i] = r.p99Ms();
            md.append(f("| %d | %+.3f | %+.3f |%n", r.round(), r.p50Ms(), r.p99Ms()));
        }
        md.append(
                f(
                        "| median | %+.3f | %+.3f |%n| largest absolute | %.3f | %.3f |%n%n",
                        Overhead.median(p50), Overhead.median(p99), maxAbs(p50), maxAbs(p99)));
    }

    /**
     * The reference proxy ({@code --bare-proxy true}): what one more hop costs on this machine
     * (bare proxy − direct), and what the gateway's own work adds beyond it (gateway − bare proxy).
     */
    private static void bareProxy(StringBuilder md, List<PhaseResult> phases) {
        List<Overhead.Difference> hop = Overhead.differences(phases, Mode.DIRECT, Mode.BARE_PROXY);
        List<Overhead.Difference> beyond =
                Overhead.differences(phases, Mode.BARE_PROXY, Mode.GATEWAY);
        if (hop.isEmpty()) {
            return;
        }
        md.append("## Bare proxy: what one more hop costs here\n\n");
        md.append(
                "Each round also ran the requests through a proxy that only relays: the gateway's"
                        + " Vert.x, event loops, socket options and connection pool in the gateway's"
                        + " JVM, but no inspection, no measurement, no records. What it adds over"
                        + " direct is the floor under any proxy on this stack and machine; what the"
                        + " gateway adds beyond it is the gateway's own work.\n\n");
        md.append(
                "| round | bare − direct p50 (ms) | bare − direct p99 (ms) | gateway − bare p50 (ms)"
                        + " | gateway − bare p99 (ms) |\n|---|---|---|---|---|\n");
        double[][] cols = new double[4][hop.size()];
        for (int i = 0; i < hop.size(); i++) {
            Overhead.Difference h = hop.get(i);
            Overhead.Difference g = beyond.get(i);
            cols[0][i] = h.p50Ms();
            cols[1][i] = h.p99Ms();
            cols[2][i] = g.p50Ms();
            cols[3][i] = g.p99Ms();
            md.append(
                    f(
                            "| %d | %+.3f | %+.3f | %+.3f | %+.3f |%n",
                            h.round(), h.p50Ms(), h.p99Ms(), g.p50Ms(), g.p99Ms()));
        }
        md.append(
                f(
                        "| median | %+.3f | %+.3f | %+.3f | %+.3f |%n%n",
                        Overhead.median(cols[0]),
                        Overhead.median(cols[1]),
                        Overhead.median(cols[2]),
                        Overhead.median(cols[3])));
    }

    private static double maxAbs(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static void phases(StringBuilder md, List<PhaseResult> phases) {
        md.append("## Phases\n\n");
        md.append(
                "Client-side TTFT: request handed to the HTTP client → first content-bearing SSE"
                        + " event received. Gateway-measured TTFT: the gateway's own `ttft_ms`"
                        + " (arrival at the gateway → first content chunk from the replica).\n\n");
        md.append(
                "| phase | requests/s | tokens/s | TTFT p50 (ms) | p90 | p99 | max | errors |"
                        + " gateway-measured TTFT p50 | p99 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseResult p : phases) {
            md.append(
                    f(
                            "| %s | %.1f | %.0f | %.3f | %.3f | %.3f | %.3f | %d | %s | %s |%n",
                            p.label(),
                            p.requestsPerSecond(),
                            p.tokensPerSecond(),
                            p.ttftMs(50),
                            p.ttftMs(90),
                            p.ttftMs(99),
                            p.ttftMs(100),
                            p.errors(),
                            ms(p.gatewayTtftMicros(), 50),
                            ms(p.gatewayTtftMicros(), 99)));
        }
        md.append('\n');
    }

    private static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "–" : f("%.3f", Overhead.percentileMs(h, percentile));
    }

    /** Where the CPU went in each measured window, in cores. */
    private static void cpu(StringBuilder md, List<PhaseResult> phases) {
        md.append("## CPU in the measured windows (cores)\n\n");
        md.append(
                "Per process from `/proc/<pid>/stat`; the gateway JVM's split from its threads' CPU"
                        + " time (gateway = event loops, publisher and Kafka producer threads).\n\n");
        md.append("| phase |");
        PhaseResult.CPU_COLUMNS.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append("\n|---|").append("---|".repeat(PhaseResult.CPU_COLUMNS.size())).append('\n');
        for (PhaseResult p : phases) {
            md.append("| ").append(p.label()).append(" |");
            for (String part : PhaseResult.CPU_COLUMNS) {
                md.append(f(" %.2f |", p.cores().getOrDefault(part, Double.NaN)));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void records(StringBuilder md, Run run) {
        md.append("## Records published by the gateway\n\n");
        md.append(
                f(
                        "published %d, acknowledged by Kafka %d%s, dropped %d, not accepted"
                                + " (gateway's count) %d%n",
                        run.published(),
                        run.acknowledged(),
                        run.flushed() ? "" : " (flush timed out)",
                        run.dropped(),
                        run.notAccepted()));
    }

    /** How to read the figures of this run; written by the harness so a rerun keeps them true. */
    private static void notes(StringBuilder md, Run run) {
        List<PhaseResult> phases = run.phases();
        BenchOptions o = run.options();
        md.append("\n## Reading these figures\n\n");
        double load = firstNumber(run.loadAtStart());
        int cores = run.machine().cores();
        double jvmCores = median(phases, null, PhaseResult::processCores);
        if (load > cores) {
            md.append(
                    f(
                            "- The machine was oversubscribed: load average %.1f on %d cores, and"
                                    + " the four JVMs got a median %.2f cores in the measured"
                                    + " windows."
                                    + " Every thread that wakes waits for a core, direct requests"
                                    + " too (direct TTFT p99 %.1f ms against %s ms simulated), so a"
                                    + " 1 ms target on the added p99 cannot be judged here: rerun on"
                                    + " a quiet machine.%n",
                            load,
                            cores,
                            jvmCores,
                            Overhead.of(phases).directP99Ms(),
                            num(o.prefillMs())));
        }
        double gatewayCores = median(phases, Mode.GATEWAY, PhaseResult::gatewayCores);
        double gatewayTps = medianTps(phases, Mode.GATEWAY);
        md.append(
                f(
                        "- The gateway's threads used a median %.2f cores for %.0f tokens/s, about"
                                + " %.0f µs of CPU per relayed token chunk, publishing included.%n",
                        gatewayCores, gatewayTps, gatewayCores / gatewayTps * 1e6));
        md.append(
                "- Client-side TTFT through the gateway minus the gateway-measured TTFT is the time"
                        + " spent around the gateway's own measurement: the extra loopback hop each"
                        + " way and waiting for its event loops to read the request and to write the"
                        + " first chunk.\n");
    }

    private static double firstNumber(String s) {
        try {
            return Double.parseDouble(s.trim().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double median(
            List<PhaseResult> phases,
            Mode mode,
            java.util.function.ToDoubleFunction<PhaseResult> figure) {
        return Overhead.median(
                phases.stream()
                        .filter(p -> mode == null || p.mode() == mode)
                        .mapToDouble(figure)
                        .toArray());
    }

    private static double medianTps(List<PhaseResult> phases, Mode mode) {
        return Overhead.median(
                phases.stream()
                        .filter(p -> p.mode() == mode)
                        .mapToDouble(PhaseResult::tokensPerSecond)
                        .toArray());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
