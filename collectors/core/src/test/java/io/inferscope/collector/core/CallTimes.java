package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Times calls made by one thread two ways: wall clock, and the time the thread spent parked or
 * blocked on a monitor inside the call (JMX thread contention monitoring). The second is what
 * "never blocks" means; the first also counts stop-the-world GC pauses and time the OS did not
 * schedule the thread, which on a loaded 2-core test machine reach hundreds of ms in any code.
 */
final class CallTimes {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long[] wallNanos = new long[1 << 14];
    private int calls;
    private long maxWaitedMs;

    CallTimes() {
        if (threads.isThreadContentionMonitoringSupported()) {
            threads.setThreadContentionMonitoringEnabled(true);
        }
    }

    /** Runs and times one call; call from the one measured thread only. */
    boolean time(BooleanSupplier call) {
        long tid = Thread.currentThread().getId();
        ThreadInfo before = threads.getThreadInfo(tid);
        long t0 = System.nanoTime();
        boolean result = call.getAsBoolean();
        long wall = System.nanoTime() - t0;
        ThreadInfo after = threads.getThreadInfo(tid);
        long waited =
                (after.getWaitedTime() - before.getWaitedTime())
                        + (after.getBlockedTime() - before.getBlockedTime());
        synchronized (this) {
            maxWaitedMs = Math.max(maxWaitedMs, waited);
            if (calls == wallNanos.length) {
                wallNanos = Arrays.copyOf(wallNanos, calls * 2);
            }
            wallNanos[calls++] = wall;
        }
        return result;
    }

    /**
     * No call waited (parked or blocked) for {@code bound}, and 99.9 % of calls took less than
     * {@code bound} of wall time.
     */
    synchronized void assertNeverBlocked(Duration bound) {
        assertThat(calls).isGreaterThan(1000);
        long[] sorted = Arrays.copyOf(wallNanos, calls);
        Arrays.sort(sorted);
        long p999 = sorted[(int) Math.floor(calls * 0.999)];
        long max = sorted[calls - 1];
        String summary =
                String.format(
                        "%d calls: p99.9 %.2f ms, max %.2f ms wall; max waited %d ms",
                        calls, p999 / 1e6, max / 1e6, maxWaitedMs);
        System.out.println("publish call times: " + summary);
        if (threads.isThreadContentionMonitoringEnabled()) {
            assertThat(maxWaitedMs).as(summary).isLessThan(bound.toMillis());
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(p999)).as(summary).isLessThan(bound.toMillis());
    }
}
