package io.inferscope.local;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Quantiles;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Short, fixed-unit renderings of the numbers in records, for one-line table rows. */
final class Fmt {
    static final String NONE = "-";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss.SSS", Locale.ROOT)
                    .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter WINDOW_START =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT)
                    .withZone(ZoneId.systemDefault());

    private Fmt() {}

    /** Event time in the local zone, to the millisecond. */
    static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs));
    }

    static String time(Long epochMs) {
        return epochMs == null ? NONE : time(epochMs.longValue());
    }

    /** A window as its local start time and length: {@code 10-09 08:53:20 10s}. */
    static String window(long startMs, int windowS) {
        return WINDOW_START.format(Instant.ofEpochMilli(startMs)) + " " + windowS + "s";
    }

    /** A duration in milliseconds: {@code 4.2ms}, {@code 812ms}, {@code 1.53s}. */
    static String ms(Double ms) {
        if (ms == null) {
            return NONE;
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1fms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0fms", ms);
        }
        return String.format(Locale.ROOT, "%.2fs", ms / 1000);
    }

    /** A plain number with precision that fits its size. */
    static String num(Double v) {
        if (v == null) {
            return NONE;
        }
        double a = Math.abs(v);
        boolean whole = v == Math.rint(v);
        String pattern = (a >= 100 || whole) ? "%.0f" : (a >= 10 ? "%.1f" : "%.2f");
        return String.format(Locale.ROOT, pattern, v);
    }

    static String num(double v) {
        return num(Double.valueOf(v));
    }

    /** A 0–100 percentage. */
    static String pct(Double v) {
        return v == null ? NONE : String.format(Locale.ROOT, "%.0f%%", v);
    }

    /** A 0–1 ratio as a percentage. */
    static String ratioPct(Double ratio) {
        return ratio == null ? NONE : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String gib(Long bytes) {
        return bytes == null
                ? NONE
                : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024 * 1024));
    }

    static String or(Object v) {
        return v == null || v.toString().isEmpty() ? NONE : v.toString();
    }

    static String q(Quantiles q, Function<Quantiles, Double> pick) {
        return q == null ? NONE : ms(pick.apply(q));
    }

    /** {@code deployment/model} ("-" for unknown parts). */
    static String deploymentModel(Labels l) {
        return l.deploymentModelKey();
    }

    static String nsName(String namespace, String name) {
        return namespace == null ? or(name) : namespace + "/" + or(name);
    }

    /** {@code k=v k=v}, sorted, for small maps such as pods by phase. */
    static String counts(Map<String, ? extends Number> m) {
        if (m == null || m.isEmpty()) {
            return NONE;
        }
        return m.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /**
     * Quota usage per resource, {@code requests.cpu=32.4/64 requests.memory=256Gi/512Gi}: memory
     * amounts (bytes) in GiB, the rest as plain numbers.
     */
    static String usedOfHard(Map<String, Double> used, Map<String, Double> hard) {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(hard.keySet());
        keys.addAll(used.keySet());
        if (keys.isEmpty()) {
            return NONE;
        }
        return keys.stream()
                .map(k -> k + "=" + amount(k, used.get(k)) + "/" + amount(k, hard.get(k)))
                .collect(Collectors.joining(" "));
    }

    private static String amount(String resource, Double v) {
        if (v == null) {
            return NONE;
        }
        if (resource.contains("memory") || resource.contains("storage")) {
            return num(v / (1024.0 * 1024 * 1024)) + "Gi";
        }
        return num(v);
    }

    /** Cuts long free text to one readable line. */
    static String oneLine(String s, int max) {
        if (s == null) {
            return NONE;
        }
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
    }
}
