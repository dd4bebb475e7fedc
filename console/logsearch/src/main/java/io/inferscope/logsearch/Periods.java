package io.inferscope.logsearch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Period arithmetic and directory names. Periods are aligned to the epoch (hourly periods start on
 * the UTC hour). A directory is named by its period's start and length, {@code
 * 20261129T060000Z_3600s}, so indices written under another period length stay readable and are
 * retained by their own end.
 */
final class Periods {
    private static final DateTimeFormatter START =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("(\\d{8}T\\d{6}Z)_(\\d+)s");

    /** A period: [startMs, startMs + lengthMs). */
    record Span(long startMs, long lengthMs) {
        long endMs() {
            return startMs + lengthMs;
        }

        boolean overlaps(long fromMs, long toMsExclusive) {
            return startMs < toMsExclusive && endMs() > fromMs;
        }

        String dirName() {
            return START.format(Instant.ofEpochMilli(startMs)) + "_" + (lengthMs / 1000) + "s";
        }
    }

    private Periods() {}

    static Span of(long tsMs, long lengthMs) {
        return new Span(tsMs - Math.floorMod(tsMs, lengthMs), lengthMs);
    }

    /** The period a directory name stands for; empty for any other name. */
    static Optional<Span> parse(String dirName) {
        Matcher m = NAME.matcher(dirName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long start = Instant.from(START.parse(m.group(1))).toEpochMilli();
            long length = Long.parseLong(m.group(2)) * 1000;
            return length > 0 ? Optional.of(new Span(start, length)) : Optional.empty();
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
