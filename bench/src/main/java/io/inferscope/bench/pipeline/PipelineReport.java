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
        BaselineRun.Result baseline,
        ThroughputRun.Result pipeline,
        double baselineCpuSeconds,
        double pipelineCpuSeconds,
        ThroughputRun.Result cluster,
        double clusterCpuSeconds,
        FloorRun.Result floor,
        double floorCpuSeconds,
        FloorRun.Result shuffledFloor,
        double shuffledFloorCpuSeconds,
        List<LatencyRun.Result> latency) {

    static final double RATIO_TARGET = 0.5;
    static final long BEYOND_WATERMARK_P99_TARGET_MS = 1_000;

    double ratio() {
        return pipeline.recordsPerSecond() / baseline.recordsPerSecond();
    }

    private void floorRatioRow(StringBuilder b, String figure, FloorRun.Result r) {
        row(
                b,
                figure,
                fmt("%.3f", r.recordsPerSecond() / baseline.recordsPerSecond())
                        + (r.complete() ? "" : " (INCOMPLETE)"),
                "",
                "");
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
                num(baseline.recordsPerSecond()),
                "",
                "");
        row(
                b,
                "publisher → broker → request job → derived topic, demo settings (records/s)",
                num(pipeline.recordsPerSecond()) + (pipeline.complete() ? "" : " (INCOMPLETE)"),
                "",
                "");
        row(
                b,
                "ratio pipeline (demo settings) ÷ bare Kafka",
                fmt("%.3f", ratio()),
                "≥ " + RATIO_TARGET,
                met(pipeline.complete() && ratio() >= RATIO_TARGET));
        row(
                b,
                "JVM CPU per record, bare Kafka ÷ pipeline (the ratio without other load)",
                fmt(
                        "%.3f",
                        (baselineCpuSeconds / baseline.records())
                                / (pipelineCpuSeconds / pipeline.records())),
                "",
                "");
        row(
                b,
                "the same with the cluster defaults (checkpoint 5 s, lateness 30 s), ÷ bare Kafka",
                fmt("%.3f", cluster.recordsPerSecond() / baseline.recordsPerSecond())
                        + (cluster.complete() ? "" : " (INCOMPLETE)"),
                "≥ " + RATIO_TARGET,
                met(
                        cluster.complete()
                                && cluster.recordsPerSecond() / baseline.recordsPerSecond()
                                        >= RATIO_TARGET));
        floorRatioRow(
                b,
                "floor: publisher → broker → Flink source + decode only, ÷ bare Kafka (the most"
                        + " any job on these records can reach here)",
                floor);
        floorRatioRow(
                b,
                "floor with the request job's keyed shuffle by request id, ÷ bare Kafka (the most"
                        + " any job that pairs a request's records by id can reach here)",
                shuffledFloor);
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
                        baseline.records(),
                        baseline.seconds(),
                        num(baseline.recordsPerSecond()),
                        baseline.mbPerSecond(),
                        baselineCpuSeconds * 1e6 / baseline.records(),
                        baseline.produceSeconds()));
        pipelineRow(b, "pipeline (demo settings)", pipeline, pipelineCpuSeconds);
        pipelineRow(b, "pipeline (cluster defaults)", cluster, clusterCpuSeconds);
        floorRow(b, FloorRun.Variant.SOURCE_ONLY, floor, floorCpuSeconds);
        floorRow(b, FloorRun.Variant.SHUFFLED, shuffledFloor, shuffledFloorCpuSeconds);

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
        return baseline.bytes() / (double) baseline.records() * recordsPerSecond / 1e6;
    }

    static String ms(long ms) {
        return fmt("%.2f s", ms / 1000.0);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
