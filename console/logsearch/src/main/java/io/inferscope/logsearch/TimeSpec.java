package io.inferscope.logsearch;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as people type it: an age ({@code 30s}, {@code 15m}, {@code 2h}, {@code 7d},
 * {@code 500ms}: that long before now), {@code now}, an ISO instant or offset time ({@code
 * 2026-11-29T06:00:00Z}), or a local ISO date-time in the given zone ({@code 2026-11-29T07:00}).
 */
public final class TimeSpec {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private TimeSpec() {}

    /** Epoch ms. @throws IllegalArgumentException naming the accepted forms */
    public static long parse(String spec, long nowMs, ZoneId zone) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("now")) {
            return nowMs;
        }
        Matcher m = AGE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long unit =
                    switch (m.group(2)) {
                        case "ms" -> 1L;
                        case "s" -> 1_000L;
                        case "m" -> 60_000L;
                        case "h" -> 3_600_000L;
                        default -> 86_400_000L;
                    };
            return nowMs - n * unit;
        }
        String iso = spec.trim();
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            // not an instant: try the other forms
        }
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // not an offset time
        }
        try {
            return LocalDateTime.parse(iso).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "not a time: '"
                            + spec
                            + "' (use an age such as 15m, 2h, 1d, or an ISO time such as"
                            + " 2026-11-29T06:00:00Z or 2026-11-29T07:00)");
        }
    }
}
