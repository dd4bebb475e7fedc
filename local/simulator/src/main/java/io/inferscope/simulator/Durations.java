package io.inferscope.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/**
 * Parses the short durations of the command line: {@code 500ms}, {@code 30s}, {@code 5m}, {@code
 * 1h}.
 */
public final class Durations {

    private static final Pattern BARE = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {}

    /** A number with a unit, or several ({@code 1m30s}); a bare number means seconds. */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (BARE.matcher(s).matches()) {
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1_000));
        }
        Matcher m = PART.matcher(s);
        double millis = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double value = Double.parseDouble(m.group(1));
            millis +=
                    switch (m.group(2)) {
                        case "ms" -> value;
                        case "s" -> value * 1_000;
                        case "m" -> value * 60_000;
                        default -> value * 3_600_000;
                    };
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException(
                    "invalid duration '" + text + "' (expected e.g. 500ms, 30s, 5m, 1h)");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** {@code 90s} → {@code 1m30s}: how durations are printed back. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (d.toMillisPart() != 0 && s < 60) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || out.length() == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }

    /** picocli converter for options of type {@link Duration}. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parse(value);
        }
    }
}
