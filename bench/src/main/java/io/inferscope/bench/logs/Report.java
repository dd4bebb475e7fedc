package io.inferscope.bench.logs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;

/** The Markdown report of {@link LogIndexBench}. */
record Report(
        Instant date,
        String loadAtStart,
        String loadAtEnd,
        String command,
        LogIndexBench.Indexing indexing,
        List<LogIndexBench.Latency> latencies,
        int queriesPerKind) {

    String markdown() {
        StringBuilder md = new StringBuilder("# Log index: throughput and query latency\n\n");
        md.append("- date: ").append(date).append('\n');
        md.append("- machine: ").append(machine()).append('\n');
        md.append("- load average (1/5/15 min): ")
                .append(loadAtStart)
                .append(" at start, ")
                .append(loadAtEnd)
                .append(" at end — on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores\n");
        md.append("- command: `").append(command).append("`\n");
        md.append(
                f(
                        "- setup: %,d generated container log lines (vLLM engine/request lines,"
                                + " gateway and Envoy access lines; 84 %% info, 8 %% debug, 6 %% warn,"
                                + " 2 %% error; 40 %% with a request id) spread over the last %d h,"
                                + " indexed straight into `LogIndex` (no Kafka) in batches of 2,000,"
                                + " hourly periods, commit every 2 s, NRT refresh every 1 s, 32 MB"
                                + " RAM buffer; queries through `LogSearch` (limit 50, exact total"
                                + " count, stored fields of the page read), %d per kind after 50"
                                + " warm-up per kind, kinds interleaved\n\n",
                        indexing.lines(), indexing.spanHours(), queriesPerKind));
        md.append("## Indexing\n\n");
        md.append("| lines | index API time (s) | lines/s | wall incl. generating lines (s) |")
                .append(" JVM CPU time (s) | lines per CPU-second | periods | index size |")
                .append(" bytes/line |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        md.append(
                f(
                        "| %,d | %.1f | **%,.0f** | %.1f | %.1f | %,.0f | %d | %.0f MiB | %.0f |\n\n",
                        indexing.lines(),
                        indexing.indexSeconds(),
                        indexing.lines() / indexing.indexSeconds(),
                        indexing.wallSeconds(),
                        indexing.cpuSeconds(),
                        indexing.lines() / indexing.cpuSeconds(),
                        indexing.periods(),
                        indexing.bytes() / 1048576.0,
                        indexing.bytes() / (double) indexing.lines()));
        md.append(f("## Query latency over %,d lines\n\n", indexing.lines()));
        md.append("| query | n | p50 (ms) | p99 (ms) | max (ms) | mean hits on page |")
                .append(" mean total matches |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        long[] all = new long[0];
        for (LogIndexBench.Latency l : latencies) {
            md.append(row(l.kind().label, l.micros(), l.meanHits(), l.meanTotal()));
            all = LongStream.concat(Arrays.stream(all), Arrays.stream(l.micros())).toArray();
        }
        md.append(row("**all kinds together**", all, Double.NaN, Double.NaN));
        return md.toString();
    }

    private static String row(String label, long[] micros, double hits, double total) {
        return f(
                "| %s | %d | %.2f | %.2f | %.2f | %s | %s |\n",
                label,
                micros.length,
                rank(micros, 50) / 1000.0,
                rank(micros, 99) / 1000.0,
                Arrays.stream(micros).max().orElse(0) / 1000.0,
                Double.isNaN(hits) ? "" : f("%.1f", hits),
                Double.isNaN(total) ? "" : f("%,.0f", total));
    }

    /** Nearest rank: always one of the measured values. */
    static long rank(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int r = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, r) - 1];
    }

    private static String machine() {
        double mem = Double.NaN;
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            mem = os.getTotalMemorySize() / (double) (1L << 30);
        }
        return f(
                "%d cores (%s), %.1f GiB memory, Java %s %s, max heap %.1f GiB",
                Runtime.getRuntime().availableProcessors(),
                cpu(),
                mem,
                System.getProperty("java.vendor"),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (double) (1L << 30));
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
