package io.inferscope.bench.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The Markdown report of one {@link PipelineBench} run. */
record PipelineReport(
        Instant date,
        Machine machine,
        String loadAtStart,
        String loadAtEnd,
        String command,
        String setup,
        PipelineBench.Round last,
        List<PipelineBench.Round> rounds,
        List<LatencyRun.Result> latency) {

    static final double RATIO_TARGET = 0.5;

    static final long BEYOND_WATERMARK_P99_TARGET_MS = 1_000;

    /**
     * A ratio to bare Kafka: one round's, or with several the median over the rounds (each to its
     * own round's bare Kafka) and their range; a target is judged on what is shown.
     */
    private void ratioRow(
            StringBuilder b,
            String figure,
            java.util.function.ToDoubleFunction<PipelineBench.Round> recordsPerSecond,
            java.util.function.Predicate<PipelineBench.Round> complete,
            boolean target) {
        double[] v =
                rounds.stream()
                        .mapToDouble(
                                r ->
                                        recordsPerSecond.applyAsDouble(r)
                                                / r.baseline().recordsPerSecond())
                        .toArray();
        boolean allComplete = rounds.stream().allMatch(complete);
        double shown = median(v);
        String measured =
                v.length == 1
                        ? fmt("%.3f", shown)
                        : fmt(
                                "%.3f (median of %d rounds; %.3f–%.3f)",
                                shown,
                                v.length,
                                java.util.Arrays.stream(v).min().orElse(Double.NaN),
                                java.util.Arrays.stream(v).max().orElse(Double.NaN));
        row(
                b,
                figure,
                measured + (allComplete ? "" : " (INCOMPLETE)"),
                target ? "≥ " + RATIO_TARGET : "",
                target ? met(allComplete && shown >= RATIO_TARGET) : "");
    }

    private void floorRow(
            StringBuilder b, FloorRun.Variant variant, FloorRun.Result r, double cpuSeconds) {
        b.append(
                fmt(
                        "| floor: %s | %d | %.2f | %s | ≈ %.1f | %.1f | publisher"
                                + " flushed after %.2f s; counted %d of %d; same publisher, topic"
                                + " layout and job settings, no keyed state, no output |%n",
                        variant.label,
                        r.records(),
                        r.seconds(),
                        num(r.recordsPerSecond()),
                        approxMbPerSecond(r.recordsPerSecond()),
                        cpuSeconds * 1e6 / r.records(),
                        r.publishSeconds(),
                        r.counted(),
                        r.records()));
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Pipeline throughput and window latency (request-metrics job)\n\n");
        b.append("- date: ").append(date).append('\n');
        b.append("- machine: ").append(machine.describe()).append('\n');
        b.append("- load average (1/5/15 min): ")
                .append(loadAtStart)
                .append(" at start, ")
                .append(loadAtEnd)
                .append(" at end")
                .append(machine.cores() > 0 ? " — on " + machine.cores() + " cores" : "")
                .append('\n');
        b.append("- command: `").append(command).append("`\n");
        b.append("- setup: ").append(setup).append("\n\n");

        b.append("## Summary\n\n| figure | measured | target | met |\n|---|---|---|---|\n");
        row(
                b,
                "bare Kafka produce + consume (records/s)",
                num(last.baseline().recordsPerSecond()),
                "",
                "");
        row(
                b,
                "publisher → broker → request job → derived topic, demo settings (records/s)",
                num(last.pipeline().recordsPerSecond())
                        + (last.pipeline().complete() ? "" : " (INCOMPLETE)"),
                "",
                "");
        ratioRow(
                b,
                "ratio pipeline (demo settings) ÷ bare Kafka",
                r -> r.pipeline().recordsPerSecond(),
                r -> r.pipeline().complete(),
                true);
        row(
                b,
                "JVM CPU per record, bare Kafka ÷ pipeline (the ratio without other load)",
                fmt(
                        "%.3f",
                        (last.baselineCpuSeconds() / last.baseline().records())
                                / (last.pipelineCpuSeconds() / last.pipeline().records())),
                "",
                "");
        ratioRow(
                b,
                "the same with the cluster defaults (checkpoint 5 s, lateness 30 s), ÷ bare Kafka",
                r -> r.cluster().recordsPerSecond(),
                r -> r.cluster().complete(),
                true);
        ratioRow(
                b,
                "floor: publisher → broker → Flink source + decode only, ÷ bare Kafka (the most"
                        + " any job on these records can reach here)",
                r -> r.floor().recordsPerSecond(),
                r -> r.floor().complete(),
                false);
        ratioRow(
                b,
                "floor with the request job's keyed shuffle by request id, ÷ bare Kafka (the most"
                        + " any job that pairs a request's records by id can reach here)",
                r -> r.shuffledFloor().recordsPerSecond(),
                r -> r.shuffledFloor().complete(),
                false);
        for (LatencyRun.Result r : latency) {
            if (r.delaysMs().length == 0) {
                row(
                        b,
                        "window delay beyond watermark delay, p99 — " + r.settings().label(),
                        "no windows",
                        "",
                        "");
                continue;
            }
            long beyond =
                    Percentiles.nearestRank(r.delaysMs(), 99) - r.settings().watermarkDelayMs();
            boolean demo = r.settings().equals(JobSettings.DEMO);
            row(
                    b,
                    "window delay beyond watermark delay, p99 — " + r.settings().label(),
                    ms(beyond),
                    demo ? "≤ " + ms(BEYOND_WATERMARK_P99_TARGET_MS) : "",
                    demo ? met(beyond <= BEYOND_WATERMARK_P99_TARGET_MS) : "");
        }

        rounds(b);
        b.append("\n## Throughput\n\n")
                .append(
                        "JVM CPU = CPU seconds the one bench JVM (broker, clients, Flink) used during"
                                + " the run, per million records: it depends less than records/s on"
                                + " what else runs on the machine.\n\n")
                .append(
                        "| run | records | seconds | records/s | MB/s | JVM CPU s / 1M records | detail |\n")
                .append("|---|---|---|---|---|---|---|\n");
        b.append(
                fmt(
                        "| bare Kafka | %d | %.2f | %s | %.1f | %.1f | producer done after %.2f s |%n",
                        last.baseline().records(),
                        last.baseline().seconds(),
                        num(last.baseline().recordsPerSecond()),
                        last.baseline().mbPerSecond(),
                        last.baselineCpuSeconds() * 1e6 / last.baseline().records(),
                        last.baseline().produceSeconds()));
        pipelineRow(b, "pipeline (demo settings)", last.pipeline(), last.pipelineCpuSeconds());
        pipelineRow(b, "pipeline (cluster defaults)", last.cluster(), last.clusterCpuSeconds());
        floorRow(b, FloorRun.Variant.SOURCE_ONLY, last.floor(), last.floorCpuSeconds());
        floorRow(
                b, FloorRun.Variant.SHUFFLED, last.shuffledFloor(), last.shuffledFloorCpuSeconds());

        b.append("\n## Window latency (live traffic, event time = now)\n\n")
                .append(
                        "Delay = wall time a 10 s `deployment_model` window record became visible"
                                + " to a `read_committed` reader − `window_end_ms`. A window is final no"
                                + " sooner than out-of-orderness + allowed lateness (the watermark delay)"
                                + " after its end; the output is visible only once the next checkpoint"
                                + " commits it.\n\n")
                .append(
                        "| settings | windows seen / expected | watermark delay | checkpoint"
                                + " | delay p50 | p99 | max | beyond watermark delay p50 | p99 | max"
                                + " | duplicates | job |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (LatencyRun.Result r : latency) {
            long[] d = r.delaysMs();
            long wm = r.settings().watermarkDelayMs();
            String head =
                    fmt(
                            "| %s | %d / %d | %s | %s ",
                            r.settings().label(),
                            d.length,
                            r.expectedWindows(),
                            ms(wm),
                            ms(r.settings().checkpointInterval().toMillis()));
            if (d.length == 0) {
                b.append(head)
                        .append("| – | – | – | – | – | – | ")
                        .append(r.duplicates())
                        .append(" | ")
                        .append(r.jobStatus())
                        .append(" |\n");
                continue;
            }
            long p50 = Percentiles.nearestRank(d, 50);
            long p99 = Percentiles.nearestRank(d, 99);
            long max = Percentiles.nearestRank(d, 100);
            b.append(head)
                    .append(
                            fmt(
                                    "| %s | %s | %s | %s | %s | %s | %d | %s |%n",
                                    ms(p50),
                                    ms(p99),
                                    ms(max),
                                    ms(p50 - wm),
                                    ms(p99 - wm),
                                    ms(max - wm),
                                    r.duplicates(),
                                    r.jobStatus()));
        }
        return b.toString();
    }

    private static void row(
            StringBuilder b, String figure, String value, String target, String met) {
        b.append("| ")
                .append(figure)
                .append(" | ")
                .append(value)
                .append(" | ")
                .append(target)
                .append(" | ")
                .append(met)
                .append(" |\n");
    }

    /**
     * With {@code -Dbench.rounds=N > 1}: each round's ratios and CPU per record, and their medians.
     * The machine's speed moves between runs; the medians of rounds in one run move less.
     */
    private void rounds(StringBuilder b) {
        if (rounds.size() < 2) {
            return;
        }
        b.append(
                fmt(
                        "%n## Rounds (%d; the tables above and below are round %d's)%n%n",
                        rounds.size(), rounds.size()));
        b.append(
                "The bare-Kafka run, both request jobs and both floors ran once per round, in that"
                        + " order, each round on event times of its own. Ratios are to the same"
                        + " round's bare Kafka; CPU is the bench JVM's µs per record.\n\n");
        b.append(
                "| round | bare Kafka records/s | demo ÷ bare | cluster defaults ÷ bare | floor ÷"
                        + " bare | floor + shuffle ÷ bare | CPU µs/record: bare, demo, cluster,"
                        + " floor, floor + shuffle |\n|---|---|---|---|---|---|---|\n");
        int n = rounds.size();
        double[][] col = new double[10][n];
        for (int i = 0; i < n; i++) {
            PipelineBench.Round r = rounds.get(i);
            double bare = r.baseline().recordsPerSecond();
            col[0][i] = bare;
            col[1][i] = r.pipeline().recordsPerSecond() / bare;
            col[2][i] = r.cluster().recordsPerSecond() / bare;
            col[3][i] = r.floor().recordsPerSecond() / bare;
            col[4][i] = r.shuffledFloor().recordsPerSecond() / bare;
            col[5][i] = r.baselineCpuSeconds() * 1e6 / r.baseline().records();
            col[6][i] = r.pipelineCpuSeconds() * 1e6 / r.pipeline().records();
            col[7][i] = r.clusterCpuSeconds() * 1e6 / r.cluster().records();
            col[8][i] = r.floorCpuSeconds() * 1e6 / r.floor().records();
            col[9][i] = r.shuffledFloorCpuSeconds() * 1e6 / r.shuffledFloor().records();
            boolean complete =
                    r.pipeline().complete()
                            && r.cluster().complete()
                            && r.floor().complete()
                            && r.shuffledFloor().complete();
            b.append(roundRow(Integer.toString(i + 1) + (complete ? "" : " (INCOMPLETE)"), col, i));
        }
        double[][] med = new double[10][1];
        for (int c = 0; c < 10; c++) {
            med[c][0] = median(col[c]);
        }
        b.append(roundRow("median", med, 0));
        b.append(
                fmt(
                        "| target | | ≥ %.1f: %s | ≥ %.1f: %s | | | |%n",
                        RATIO_TARGET,
                        met(med[1][0] >= RATIO_TARGET),
                        RATIO_TARGET,
                        met(med[2][0] >= RATIO_TARGET)));
    }

    private static String roundRow(String label, double[][] col, int i) {
        return fmt(
                "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.1f, %.1f, %.1f, %.1f, %.1f |%n",
                label,
                num(col[0][i]),
                col[1][i],
                col[2][i],
                col[3][i],
                col[4][i],
                col[5][i],
                col[6][i],
                col[7][i],
                col[8][i],
                col[9][i]);
    }

    /** The middle value, or the mean of the two middle ones. */
    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static String met(boolean ok) {
        return ok ? "yes" : "**no**";
    }

    private static String num(double v) {
        return fmt("%,.0f", v);
    }

    private void pipelineRow(
            StringBuilder b, String name, ThroughputRun.Result run, double cpuSeconds) {
        b.append(
                fmt(
                        "| %s | %d | %.2f | %s | ≈ %.1f | %.1f | publisher flushed after %.2f s; %d"
                                + " windows, finishes %d of %d, %d duplicate windows, %d refused by"
                                + " the publisher; dead letters of the job (warm-up included): %s;"
                                + " job %s |%n",
                        name,
                        run.records(),
                        run.seconds(),
                        num(run.recordsPerSecond()),
                        approxMbPerSecond(run.recordsPerSecond()),
                        cpuSeconds * 1e6 / run.records(),
                        run.publishSeconds(),
                        run.windows(),
                        run.finishes(),
                        run.expectedFinishes(),
                        run.duplicates(),
                        run.refused(),
                        run.deadLetters().isEmpty() ? "none" : run.deadLetters().toString(),
                        run.restarted() ? "**restarted**" : "ran without restart"));
    }

    /** MB/s of a run at {@code recordsPerSecond}, at the baseline's mean encoded record size. */
    private double approxMbPerSecond(double recordsPerSecond) {
        return last.baseline().bytes()
                / (double) last.baseline().records()
                * recordsPerSecond
                / 1e6;
    }

    static String ms(long ms) {
        return fmt("%.2f s", ms / 1000.0);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
