package io.inferscope.logsearch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LogIndex}.
 *
 * @param dataDir where the period directories live (created if missing)
 * @param period length of one period index (default 1 h; whole seconds, at least 1 min)
 * @param retention periods that ended longer ago than this are deleted, and lines older than this
 *     are not indexed (default 24 h)
 * @param maxBytes upper bound on the size of all periods together; the oldest periods go first,
 *     never the newest one; 0 = no bound (default 0)
 * @param maxFutureSkew lines stamped further than this ahead of the clock are refused, so a broken
 *     clock cannot create periods that retention would keep for years (default 1 h)
 * @param refreshInterval how often new lines become searchable; 0 = only on {@link
 *     LogIndex#refresh()} (default 1 s)
 * @param retentionCheckInterval how often retention runs; 0 = only on {@link
 *     LogIndex#applyRetention()} (default 1 min)
 * @param ramBufferMb indexing buffer per period writer before a flush (default 32)
 * @param clock "now" for retention and the future-skew check
 */
public record LogIndexConfig(
        Path dataDir,
        Duration period,
        Duration retention,
        long maxBytes,
        Duration maxFutureSkew,
        Duration refreshInterval,
        Duration retentionCheckInterval,
        double ramBufferMb,
        Clock clock) {

    public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    public LogIndexConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        if (period.compareTo(Duration.ofMinutes(1)) < 0 || period.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(
                    "period must be whole seconds and at least 1 min, got " + period);
        }
        if (retention.compareTo(period) < 0) {
            throw new IllegalArgumentException(
                    "retention (" + retention + ") must be at least one period (" + period + ")");
        }
        if (maxBytes < 0 || ramBufferMb <= 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0 and ramBufferMb > 0");
        }
        if (maxFutureSkew.isNegative()
                || refreshInterval.isNegative()
                || retentionCheckInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public static LogIndexConfig defaults(Path dataDir) {
        return new LogIndexConfig(
                dataDir,
                DEFAULT_PERIOD,
                DEFAULT_RETENTION,
                0,
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                32,
                Clock.systemUTC());
    }

    public LogIndexConfig withPeriod(Duration p) {
        return new LogIndexConfig(
                dataDir,
                p,
                retention,
                maxBytes,
                maxFutureSkew,
                refreshInterval,
                retentionCheckInterval,
                ramBufferMb,
                clock);
    }

    public LogIndexConfig withRetention(Duration r, long bytes) {
        return new LogIndexConfig(
                dataDir,
                period,
                r,
                bytes,
                maxFutureSkew,
                refreshInterval,
                retentionCheckInterval,
                ramBufferMb,
                clock);
    }

    public LogIndexConfig withIntervals(Duration refresh, Duration retentionCheck) {
        return new LogIndexConfig(
                dataDir,
                period,
                retention,
                maxBytes,
                maxFutureSkew,
                refresh,
                retentionCheck,
                ramBufferMb,
                clock);
    }

    public LogIndexConfig withRamBufferMb(double mb) {
        return new LogIndexConfig(
                dataDir,
                period,
                retention,
                maxBytes,
                maxFutureSkew,
                refreshInterval,
                retentionCheckInterval,
                mb,
                clock);
    }

    public LogIndexConfig withClock(Clock c) {
        return new LogIndexConfig(
                dataDir,
                period,
                retention,
                maxBytes,
                maxFutureSkew,
                refreshInterval,
                retentionCheckInterval,
                ramBufferMb,
                c);
    }
}
