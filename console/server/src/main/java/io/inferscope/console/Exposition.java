package io.inferscope.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus text exposition format 0.0.4: metric families with {@code # HELP} and {@code # TYPE},
 * samples with escaped label values, families printed in the order first declared. A family without
 * samples is left out (no HELP line without a sample).
 */
final class Exposition {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private record Family(String help, String type, List<String> samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    Exposition declare(String name, String type, String help) {
        families.putIfAbsent(name, new Family(help, type, new ArrayList<>()));
        return this;
    }

    /** Adds a sample; {@code labels} alternate name, value; null values leave the label out. */
    void sample(String name, double value, String... labels) {
        Family f = families.get(name);
        if (f == null) {
            throw new IllegalStateException("undeclared metric " + name);
        }
        StringBuilder sb = new StringBuilder(name);
        boolean any = false;
        for (int i = 0; i < labels.length; i += 2) {
            if (labels[i + 1] == null) {
                continue;
            }
            sb.append(any ? ',' : '{').append(labels[i]).append("=\"");
            sb.append(escape(labels[i + 1])).append('"');
            any = true;
        }
        if (any) {
            sb.append('}');
        }
        sb.append(' ').append(format(value));
        f.samples.add(sb.toString());
    }

    String render() {
        StringBuilder out = new StringBuilder();
        families.forEach(
                (name, f) -> {
                    if (f.samples.isEmpty()) {
                        return;
                    }
                    out.append("# HELP ").append(name).append(' ');
                    out.append(f.help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
                    out.append("# TYPE ").append(name).append(' ').append(f.type).append('\n');
                    f.samples.forEach(s -> out.append(s).append('\n'));
                });
        return out.toString();
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Double.toString(v);
    }
}
