package io.inferscope.collector.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs drops at most once per interval, with the count per reason since the last report, from the
 * I/O thread (never from the thread that called {@code publish}). Drops are never silent, and a
 * flood of them costs one log line per interval.
 */
final class DropReporter {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final Counters counters;
    private final long intervalNanos;
    private final Map<DropReason, Long> reported = new EnumMap<>(DropReason.class);
    private long reportedTotal;
    private long nextNanos;

    DropReporter(Counters counters, long intervalNanos) {
        this.counters = counters;
        this.intervalNanos = intervalNanos;
        this.nextNanos = System.nanoTime();
    }

    void maybeReport(long nowNanos) {
        if (nowNanos - nextNanos >= 0) {
            report();
            nextNanos = nowNanos + intervalNanos;
        }
    }

    /** Logs what was dropped since the last report, if anything. */
    void report() {
        long total = counters.droppedTotal();
        if (total == reportedTotal) {
            return;
        }
        StringJoiner byReason = new StringJoiner(", ");
        Map<DropReason, Long> now = counters.dropped();
        now.forEach(
                (reason, n) -> {
                    long delta = n - reported.getOrDefault(reason, 0L);
                    if (delta > 0) {
                        byReason.add(reason.label() + "=" + delta);
                    }
                });
        LOG.warn(
                "Dropped {} records since the last report (at most every {} s): {}; {} dropped since start",
                total - reportedTotal,
                TimeUnit.NANOSECONDS.toSeconds(intervalNanos),
                byReason,
                total);
        reported.putAll(now);
        reportedTotal = total;
    }
}
