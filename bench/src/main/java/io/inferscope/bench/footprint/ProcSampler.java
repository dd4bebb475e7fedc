package io.inferscope.bench.footprint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code /proc} of one process every second on a daemon thread of the harness, so the
 * measured process does no work for its own measurement. Windows are cut by {@link #mark()}.
 */
final class ProcSampler implements AutoCloseable {
    private final long pid;
    private final List<ProcStats> readings = new ArrayList<>();
    private final ScheduledExecutorService timer;

    ProcSampler(long pid) {
        this.pid = pid;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "proc-sampler-" + pid);
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            synchronized (readings) { // read under the lock: readings stay in time order
                readings.add(ProcStats.read(pid));
            }
        } catch (RuntimeException e) {
            timer.shutdown(); // the process exited: nothing more to read
        }
    }

    /** Takes a reading now and returns its index: the start or the end of a window. */
    int mark() {
        sample();
        synchronized (readings) {
            return readings.size() - 1;
        }
    }

    /** The footprint between two marks (both readings included). */
    Footprint window(int from, int to) {
        synchronized (readings) {
            return Footprint.of(List.copyOf(readings.subList(from, to + 1)));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
