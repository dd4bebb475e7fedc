package io.inferscope.bench.pipeline;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the benchmark ran: cores, CPU, memory, Java, and the load average ({@code /proc/loadavg}).
 */
record Machine(int cores, String cpu, double memoryGiB, String java) {

    static Machine capture() {
        double mem = Double.NaN;
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            mem = os.getTotalMemorySize() / (double) (1L << 30);
        }
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                mem,
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %.1f GiB memory, Java %s",
                cores,
                cpu,
                memoryGiB,
                java);
    }

    /** 1, 5 and 15 min load averages as {@code uptime} prints them. */
    /** CPU time this JVM (broker, Flink, clients alike) has used so far, in seconds. */
    static double processCpuSeconds() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f (1 min)",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String cpuModel() {
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
}
