package io.inferscope.jobs.alerts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Annotation templates, Prometheus-style but hand-rolled: {@code {{ $labels.NAME }}}, {@code {{
 * $value }}} and {@code {{ $threshold }}}. An unknown label becomes empty text, as in Prometheus.
 */
final class Templates {
    private static final Pattern VAR =
            Pattern.compile("\\{\\{\\s*\\$(value|threshold|labels\\.([A-Za-z0-9_]+))\\s*}}");

    private Templates() {}

    static String render(
            String template, Map<String, String> labels, Double value, Double threshold) {
        Matcher m = VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(2) != null) {
                replacement = labels.getOrDefault(m.group(2), "");
            } else if (m.group(1).equals("value")) {
                replacement = number(value);
            } else {
                replacement = number(threshold);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Four significant digits, no exponent, no trailing zeros: 2345.678 → 2346, 0.97 → 0.97. */
    static String number(Double v) {
        if (v == null) {
            return "";
        }
        if (v.isNaN() || v.isInfinite()) {
            return v.toString();
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
