package io.inferscope.jobs.alerts;

import io.inferscope.schemas.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@link Alert} records: labels = rule labels + group labels + {@code severity} + {@code
 * alertname}; annotations rendered with those labels, the value and the threshold; the fingerprint
 * a hash of the rule name and the group labels, so it is the same for every signal of one alert
 * (and across restarts and rule edits that keep the grouping).
 */
final class AlertFactory {
    private AlertFactory() {}

    static Alert alert(
            CompiledRule r,
            GroupState g,
            Alert.Status status,
            long updatedAt,
            List<Alert.Evidence> evidence) {
        Map<String, String> labels = new TreeMap<>(r.rule.labels());
        labels.putAll(g.labels);
        labels.put("severity", r.rule.severity().wire());
        labels.put("alertname", r.name());
        Map<String, String> annotations = new LinkedHashMap<>();
        r.rule.annotations()
                .forEach(
                        (k, v) ->
                                annotations.put(
                                        k, Templates.render(v, labels, g.value, g.threshold)));
        return new Alert(
                fingerprint(r.name(), g.labels),
                status,
                r.name(),
                Alert.Severity.valueOf(r.rule.severity().name()),
                labels,
                annotations,
                finite(g.value),
                finite(g.threshold),
                g.startsAt,
                status == Alert.Status.RESOLVED ? g.endsAt() : null,
                updatedAt,
                evidence);
    }

    /** 16 hex digits of SHA-256 over the rule name and the sorted group labels. */
    static String fingerprint(String rule, Map<String, String> groupLabels) {
        StringBuilder s = new StringBuilder(rule);
        new TreeMap<>(groupLabels)
                .forEach((k, v) -> s.append('\0').append(k).append('=').append(v));
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double finite(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }
}
