package io.inferscope.collector.logs;

import io.inferscope.collector.core.PrometheusWriter;
import io.inferscope.collector.core.RecordSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logs collector, embeddable: follows the configured log files every {@code pollInterval} on
 * one thread and publishes each line to {@code inferscope.raw.logs}, keyed {@code
 * namespace/pod/container}; writes the checkpoint at most every {@code checkpointInterval} and on
 * {@link #close()}.
 *
 * <p>Nothing a file does stops the thread: read errors are counted and retried, anything thrown by
 * a poll is caught and logged at most once a minute. Options: every field of {@link
 * LogsCollectorConfig}.
 */
public final class LogsCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogsCollector.class);

    private final LogsCollectorConfig config;
    private final LogsMetrics metrics = new LogsMetrics();
    private final LogTailer tailer;
    private final ScheduledExecutorService thread;
    private final Object lock = new Object();
    private boolean closed;
    private long lastCheckpointNanos = System.nanoTime();
    private long lastFailureLog;

    private LogsCollector(LogsCollectorConfig config, RecordSink sink) throws IOException {
        this.config = config;
        this.tailer = new LogTailer(config, sink, metrics, Clock.systemUTC());
        this.thread =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "inferscope-logs-tailer");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Loads the checkpoint and starts following the files.
     *
     * @throws UncheckedIOException when the checkpoint file exists but cannot be read
     */
    public static LogsCollector start(LogsCollectorConfig config, RecordSink sink) {
        LogsCollector c;
        try {
            c = new LogsCollector(config, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the checkpoint " + config.checkpointFile(), e);
        }
        long every = config.pollInterval().toNanos();
        c.thread.scheduleWithFixedDelay(c::tickSafely, 0, every, TimeUnit.NANOSECONDS);
        return c;
    }

    public LogsCollectorConfig config() {
        return config;
    }

    public LogsMetrics metrics() {
        return metrics;
    }

    /** Writes the self-metrics; pass to {@code SelfMetricsServer#addCollector}. */
    public void writeMetrics(PrometheusWriter w) {
        metrics.writeTo(w);
    }

    private void tickSafely() {
        try {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                tailer.pollOnce();
                long now = System.nanoTime();
                if (now - lastCheckpointNanos >= config.checkpointInterval().toNanos()) {
                    lastCheckpointNanos = now;
                    tailer.saveCheckpoint();
                }
            }
        } catch (Throwable t) { // the schedule dies with the first exception that escapes
            long now = System.nanoTime();
            if (lastFailureLog == 0 || now - lastFailureLog > TimeUnit.SECONDS.toNanos(60)) {
                lastFailureLog = now;
                LOG.warn(
                        "Polling log files failed; retrying every interval (logged once a minute)",
                        t);
            }
        }
    }

    /**
     * Stops following, writes the checkpoint and closes the files. Lines already handed to the sink
     * stay with it: close the publisher after this.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The log tailer did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            tailer.saveCheckpoint();
            tailer.close();
        }
    }
}
