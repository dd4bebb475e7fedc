package io.inferscope.collector.logs;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/**
 * Command-line durations: {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 1m}; a bare number is s.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    @Override
    public Duration convert(String value) {
        String s = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a duration: '" + value + "' (use e.g. 500ms, 1s, 1m)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis =
                switch (unit) {
                    case "ms" -> n;
                    case "s" -> n * 1_000;
                    default -> n * 60_000;
                };
        Duration d = Duration.ofMillis(Math.round(millis));
        if (d.isZero()) {
            throw new IllegalArgumentException(
                    "the duration must be at least 1ms: '" + value + "'");
        }
        return d;
    }
}
