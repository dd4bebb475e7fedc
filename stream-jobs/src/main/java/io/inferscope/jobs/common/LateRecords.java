package io.inferscope.jobs.common;

import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DeadLetter;

/**
 * The lateness rule at the first keyed operator of a job: a record is late when the window holding
 * its event time is already final at the operator's current watermark ({@link
 * EventWindows#isLate}). Checked where the joined streams are keyed, late records can never reach a
 * window operator after its window was emitted: every downstream watermark is at most the watermark
 * this check used. A late record becomes a dead letter with reason {@code late: ...} and a copy of
 * the record (re-encoded: the original bytes are gone by then).
 */
public final class LateRecords {
    private LateRecords() {}

    public static boolean isLate(long ts, long watermark, JobConfig config) {
        return EventWindows.isLate(
                ts, watermark, config.windowMs(), config.allowedLateness().toMillis());
    }

    @SuppressWarnings("unchecked")
    public static <T> DeadLetter deadLetter(
            long nowMs,
            String source,
            Ingested<T> in,
            long ts,
            long watermark,
            JobConfig config,
            String fieldPath) {
        Class<T> type = (Class<T>) in.record.getClass();
        return DeadLetters.of(
                nowMs,
                source,
                in.topic,
                in.partition,
                in.offset,
                "late: event time "
                        + ts
                        + " is in a window already final at watermark "
                        + watermark
                        + " (window "
                        + config.windowMs()
                        + " ms, allowed lateness "
                        + config.allowedLateness().toMillis()
                        + " ms)",
                fieldPath,
                Codecs.of(type).encode(in.record));
    }
}
