package io.inferscope.logsearch;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Test fixtures: named times, a settable clock, and lines with positions. */
final class Lines {
    /** 12:30 UTC: the hourly period 12:00-13:00 is the current one. */
    static final long NOW = Instant.parse("2026-11-29T12:30:00Z").toEpochMilli();

    static final long MIN = 60_000L;
    static final long HOUR = 3_600_000L;

    private Lines() {}

    static LogLine line(
            long ts,
            String deployment,
            String pod,
            String container,
            LogLine.Level level,
            String message,
            String requestId) {
        return new LogLine(
                ts,
                new Labels("c1", "inference", deployment, "llama-3-8b", pod, "node-1"),
                container,
                LogLine.Stream.STDOUT,
                level,
                message,
                requestId,
                Map.of(),
                null);
    }

    static LogLine info(long ts, String message) {
        return line(ts, "chat", "chat-0", "vllm", LogLine.Level.INFO, message, null);
    }

    static LogRecord at(int partition, long offset, LogLine line) {
        return new LogRecord(new LogPosition(Topics.RAW_LOGS.name(), partition, offset), line);
    }

    /** Indexes the lines at offsets 0.. of partition 0 and makes them searchable. */
    static void indexAll(LogIndex index, List<LogLine> lines) throws Exception {
        List<LogRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            records.add(at(0, i, lines.get(i)));
        }
        index.index(records);
        index.refresh();
    }

    static LogIndexConfig config(java.nio.file.Path dir, Clock clock) {
        return LogIndexConfig.defaults(dir)
                .withIntervals(java.time.Duration.ZERO, java.time.Duration.ZERO)
                .withClock(clock);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private final AtomicLong now;

        MutableClock(long startMs) {
            this.now = new AtomicLong(startMs);
        }

        void advance(long ms) {
            now.addAndGet(ms);
        }

        @Override
        public long millis() {
            return now.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
