package io.inferscope.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Where and when a benchmark ran: what a reader needs to judge its figures. The load average is the
 * one {@code uptime} prints (1, 5, 15 min), read from {@code /proc/loadavg}.
 */
record MachineInfo(
        int cores, String cpuModel, double memoryGiB, String java, String os, Instant date) {

    static MachineInfo capture() {
        double mem = Double.NaN;
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            mem = os.getTotalMemorySize() / (double) (1L << 30);
        }
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                readCpuModel(),
                mem,
                System.getProperty("java.vendor")
                        + " "
                        + System.getProperty("java.version")
                        + " ("
                        + System.getProperty("java.vm.name")
                        + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code "1.23 4.56 7.89"} (1, 5, 15 min), or the JVM's 1-minute figure off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return String.format(Locale.ROOT, "%.2f (1 min)", one);
        }
    }

    private static String readCpuModel() {
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
