package io.inferscope.collector.core;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/**
 * Command-line durations of every collector: {@code 500ms}, {@code 30s}, {@code 1.5m}, {@code 1h};
 * a bare number is seconds; {@code 0} is zero (e.g. a feature turned off). {@link Positive} is the
 * same for intervals that must be at least 1 ms (sampling, polling).
 */
public class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String s = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a duration: '" + value + "' (use e.g. 500ms, 30s, 5m, 1h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis =
                switch (unit) {
                    case "ms" -> n;
                    case "s" -> n * 1_000;
                    case "m" -> n * 60_000;
                    default -> n * 3_600_000;
                };
        return Duration.ofMillis(Math.round(millis));
    }

    /** An interval: as {@link DurationConverter}, and at least 1 ms. */
    public static final class Positive extends DurationConverter {
        @Override
        public Duration convert(String value) {
            Duration d = parse(value);
            if (d.isZero()) {
                throw new IllegalArgumentException(
                        "the duration must be at least 1ms: '" + value + "'");
            }
            return d;
        }
    }
}
