package io.inferscope.bench.footprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of a process from Linux's {@code /proc}: resident memory now ({@code VmRSS}), its
 * peak so far ({@code VmHWM}), both in KiB, and the CPU it has used ({@code utime + stime} of
 * {@code /proc/<pid>/stat}, in clock ticks, {@link #CLOCK_TICKS_PER_SECOND} a second).
 */
record ProcStats(long rssKiB, long hwmKiB, long cpuTicks, long nanoTime) {
    /**
     * {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux architecture Java runs on (the kernel's
     * USER_HZ, fixed in its ABI whatever the kernel's internal HZ), so it is not asked at run time.
     */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    /** Reads both files of a live process; throws when it has exited. */
    static ProcStats read(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            String status = Files.readString(proc.resolve("status"));
            String stat = Files.readString(proc.resolve("stat"));
            return new ProcStats(
                    statusKiB(status, "VmRSS"),
                    statusKiB(status, "VmHWM"),
                    cpuTicks(stat),
                    System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + " (exited?)", e);
        }
    }

    /** The value of a {@code Name: 1234 kB} line of {@code /proc/<pid>/status}, in KiB. */
    static long statusKiB(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String value = line.substring(field.length() + 1).trim();
                if (!value.endsWith(" kB")) {
                    throw new IllegalArgumentException("unexpected unit in: " + line);
                }
                return Long.parseLong(value.substring(0, value.length() - 3).trim());
            }
        }
        throw new IllegalArgumentException("no " + field + " line in /proc/<pid>/status");
    }

    /**
     * {@code utime + stime} (fields 14 and 15) of a {@code /proc/<pid>/stat} line. The second
     * field, the command name in parentheses, may itself hold spaces and parentheses, so the fields
     * are counted from the last {@code ')'}.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        // after ") ": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12
        String[] f = stat.substring(close + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** CPU used between two readings, in percent of one core. */
    static double cpuPercentOfCore(ProcStats from, ProcStats to) {
        double wallSeconds = (to.nanoTime - from.nanoTime) / 1e9;
        if (wallSeconds <= 0) {
            return 0;
        }
        double cpuSeconds = (to.cpuTicks - from.cpuTicks) / (double) CLOCK_TICKS_PER_SECOND;
        return 100.0 * cpuSeconds / wallSeconds;
    }
}
