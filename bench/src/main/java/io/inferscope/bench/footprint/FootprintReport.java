package io.inferscope.bench.footprint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown result: the machine, the setup, one table row per collector, flags and phase. */
final class FootprintReport {
    /** The 100 MB, in the MiB that /proc reports (100 × 10^6 B = 95.37 MiB). */
    static final double TARGET_RSS_MIB = 100e6 / (1 << 20);

    static final double TARGET_CPU_PCT = 2;

    /** One measured window. {@code steady} rows are the ones judged against the targets. */
    record Row(
            String collector,
            String flags,
            String phase,
            boolean steady,
            Footprint footprint,
            double recordsPerSecond) {}

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> flagSets = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final String loadAtStart = loadAverage();
    private final Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized void flagSet(String collector, JvmFlags flags) {
        flagSets.put(collector + " / " + flags.name(), flags.describe());
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized String markdown(String command) {
        StringBuilder b = new StringBuilder();
        b.append("# Collector footprint\n\n");
        b.append(
                "Each collector runs as its own JVM, as deployed; its resident memory (`VmRSS`,"
                        + " `VmHWM`) and CPU (`utime+stime`) are read from `/proc` every second by"
                        + " the harness. Targets: ≤ 100 MB (95.4 MiB) RSS and ≤ 2 % of one core"
                        + " in steady state.\n\n");
        b.append("- Date: ").append(date).append('\n');
        b.append("- Machine: ").append(machine()).append('\n');
        b.append("- Load average at start (1, 5, 15 min): ").append(loadAtStart).append('\n');
        b.append("- Command: `").append(command).append("`\n\n");
        b.append(
                "| collector | JVM flags | phase | wall s | mean RSS MiB | max RSS MiB |"
                        + " peak RSS (HWM) MiB | CPU % of a core | records/s | targets |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            Footprint f = r.footprint();
            b.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %.0f | %.1f | %.1f | %.1f | %.2f | %.1f | %s |%n",
                            r.collector(),
                            r.flags(),
                            r.phase(),
                            f.seconds(),
                            f.meanRssMiB(),
                            f.maxRssMiB(),
                            f.hwmMiB(),
                            f.cpuPct(),
                            r.recordsPerSecond(),
                            r.steady() ? verdict(f) : "—"));
        }
        b.append("\nFlag sets:\n\n");
        flagSets.forEach((k, v) -> b.append("- ").append(k).append(": `").append(v).append("`\n"));
        if (!notes.isEmpty()) {
            b.append("\nNotes:\n\n");
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    /** Both targets on the window's maximum RSS and its mean CPU. */
    static String verdict(Footprint f) {
        boolean rss = f.maxRssMiB() <= TARGET_RSS_MIB;
        boolean cpu = f.cpuPct() <= TARGET_CPU_PCT;
        return (rss ? "RSS ok" : "RSS **over**") + ", " + (cpu ? "CPU ok" : "CPU **over**");
    }

    void write(Path file, String command) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown(command));
    }

    private static String machine() {
        double mem = Double.NaN;
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            mem = os.getTotalMemorySize() / (double) (1L << 30);
        }
        return String.format(
                Locale.ROOT,
                "%d cores, %.1f GiB RAM, %s %s (%s), %s %s",
                Runtime.getRuntime().availableProcessors(),
                mem,
                System.getProperty("java.vendor"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("os.name"),
                System.getProperty("os.version"));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
