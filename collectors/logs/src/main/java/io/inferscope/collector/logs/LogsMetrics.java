package io.inferscope.collector.logs;

import io.inferscope.collector.core.PrometheusWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The logs collector's self-metrics (names prefixed {@value #PREFIX}). Written by the tailer's
 * thread, read by scrapes.
 */
public final class LogsMetrics {
    public static final String PREFIX = "inferscope_logs_";

    final LongAdder bytesRead = new LongAdder();
    final LongAdder linesPublished = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder renames = new LongAdder();
    final LongAdder truncations = new LongAdder();
    final LongAdder readErrors = new LongAdder();
    final LongAdder checkpointErrors = new LongAdder();
    final LongAdder checkpointsMissing = new LongAdder();
    final AtomicLong filesOpen = new AtomicLong();

    public long bytesRead() {
        return bytesRead.sum();
    }

    /** Lines handed to the publisher (and accepted by it). */
    public long linesPublished() {
        return linesPublished.sum();
    }

    /** Times the publisher refused a line; the line was kept and offered again. */
    public long refusals() {
        return refusals.sum();
    }

    /** Lines cut at the size cap ({@code truncated=true}). */
    public long truncatedLines() {
        return truncated.sum();
    }

    /** Lines under a CRI glob without the CRI layout: published as read, with the read time. */
    public long malformedLines() {
        return malformed.sum();
    }

    /** Files followed to their end after being renamed or deleted. */
    public long renamedFiles() {
        return renames.sum();
    }

    /** Files found truncated (copytruncate) or rewritten, and read again from the start. */
    public long truncatedFiles() {
        return truncations.sum();
    }

    public long readErrors() {
        return readErrors.sum();
    }

    public long checkpointErrors() {
        return checkpointErrors.sum();
    }

    /** Files in the checkpoint that were gone at start: their unread lines are lost. */
    public long checkpointFilesMissing() {
        return checkpointsMissing.sum();
    }

    public long filesOpen() {
        return filesOpen.get();
    }

    public void writeTo(PrometheusWriter w) {
        w.counter(PREFIX + "bytes_read_total", "Bytes read from log files.").sample(bytesRead());
        w.counter(PREFIX + "lines_published_total", "Lines accepted by the publisher.")
                .sample(linesPublished());
        w.counter(
                        PREFIX + "publish_refusals_total",
                        "Times the publisher refused a line (kept and offered again).")
                .sample(refusals());
        w.counter(PREFIX + "lines_truncated_total", "Lines cut at the size cap.")
                .sample(truncatedLines());
        w.counter(PREFIX + "lines_malformed_total", "CRI lines that could not be parsed.")
                .sample(malformedLines());
        w.counter(PREFIX + "rotations_total", "Files rotated, by kind.");
        w.sample(renamedFiles(), "kind", "rename");
        w.sample(truncatedFiles(), "kind", "truncate");
        w.counter(PREFIX + "read_errors_total", "Failed opens and reads of log files.")
                .sample(readErrors());
        w.counter(PREFIX + "checkpoint_errors_total", "Failed checkpoint writes.")
                .sample(checkpointErrors());
        w.counter(
                        PREFIX + "checkpoint_files_missing_total",
                        "Checkpointed files gone at start (their unread lines are lost).")
                .sample(checkpointFilesMissing());
        w.gauge(PREFIX + "files_open", "Log files being followed.").sample(filesOpen());
    }
}
