package io.inferscope.bench.footprint;

import java.util.List;

/**
 * A process's footprint over one window of per-second {@link ProcStats} readings: mean and maximum
 * resident memory, the kernel's peak resident memory since the process started ({@code VmHWM}, so
 * it includes start-up and anything before the window) and CPU in percent of one core.
 */
record Footprint(
        double seconds,
        int samples,
        double meanRssMiB,
        double maxRssMiB,
        double hwmMiB,
        double cpuPct) {

    static Footprint of(List<ProcStats> window) {
        if (window.size() < 2) {
            throw new IllegalArgumentException("a window needs two readings or more");
        }
        ProcStats first = window.get(0);
        ProcStats last = window.get(window.size() - 1);
        double sum = 0;
        long max = 0;
        for (ProcStats s : window) {
            sum += s.rssKiB();
            max = Math.max(max, s.rssKiB());
        }
        return new Footprint(
                (last.nanoTime() - first.nanoTime()) / 1e9,
                window.size(),
                sum / window.size() / 1024,
                max / 1024.0,
                last.hwmKiB() / 1024.0,
                ProcStats.cpuPercentOfCore(first, last));
    }
}
