package io.inferscope.collector.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes metrics in the Prometheus text exposition format 0.0.4: a {@code # HELP} and {@code #
 * TYPE} line per family, then its samples. Constant labels (e.g. {@code collector="gateway"}) are
 * added to every sample. Label values and help texts are escaped as the format requires.
 *
 * <pre>{@code
 * w.counter("inferscope_collector_records_sent_total", "Records acknowledged by Kafka.")
 *  .sample(123);
 * w.gauge("inferscope_gateway_upstream_in_flight", "Requests in flight per replica.")
 *  .sample(3, "replica", "vllm-0");
 * }</pre>
 *
 * Not thread-safe: one writer per scrape.
 */
public final class PrometheusWriter {
    /** The Content-Type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder(4096);
    private final Map<String, String> constLabels;
    private String family;

    public PrometheusWriter(Map<String, String> constLabels) {
        constLabels.keySet().forEach(PrometheusWriter::checkLabelName);
        this.constLabels = new LinkedHashMap<>(constLabels);
    }

    public PrometheusWriter counter(String name, String help) {
        return family(name, "counter", help);
    }

    public PrometheusWriter gauge(String name, String help) {
        return family(name, "gauge", help);
    }

    /** Starts a family: its samples follow through {@link #sample}. */
    public PrometheusWriter family(String name, String type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        family = name;
        return this;
    }

    /**
     * One sample of the current family.
     *
     * @param labels label names and values, alternating
     */
    public PrometheusWriter sample(double value, String... labels) {
        if (family == null) {
            throw new IllegalStateException("sample before counter()/gauge()");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs");
        }
        out.append(family);
        if (!constLabels.isEmpty() || labels.length > 0) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> l : constLabels.entrySet()) {
                first = label(first, l.getKey(), l.getValue());
            }
            for (int i = 0; i < labels.length; i += 2) {
                checkLabelName(labels[i]);
                if (constLabels.containsKey(labels[i])) {
                    throw new IllegalArgumentException(
                            "label clashes with a constant label: " + labels[i]);
                }
                first = label(first, labels[i], labels[i + 1]);
            }
            out.append('}');
        }
        out.append(' ').append(formatValue(value)).append('\n');
        return this;
    }

    private boolean label(boolean first, String name, String value) {
        if (!first) {
            out.append(',');
        }
        out.append(name).append("=\"").append(escapeLabelValue(value)).append('"');
        return false;
    }

    private static void checkLabelName(String name) {
        if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
            throw new IllegalArgumentException("invalid label name: " + name);
        }
    }

    /** Label values: backslash, double quote and line feed are escaped. */
    public static String escapeLabelValue(String value) {
        return escape(value == null ? "" : value, true);
    }

    /** Help texts: backslash and line feed are escaped. */
    public static String escapeHelp(String help) {
        return escape(help == null ? "" : help, false);
    }

    private static String escape(String s, boolean quotes) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '"' && quotes) {
                b.append("\\\"");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Whole numbers without a fraction; {@code NaN}, {@code +Inf}, {@code -Inf} as the format
     * spells them.
     */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** The text written so far. */
    @Override
    public String toString() {
        return out.toString();
    }
}
