package io.inferscope.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.Alert;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager API v2: {@code POST {url}/api/v2/alerts} with a one-element array. Labels are the
 * alert's labels plus {@code alertname} (the rule) and {@code severity}; annotations are the
 * alert's plus {@code value}, {@code threshold} and a short {@code evidence} text.
 *
 * <p>A firing alert is sent without {@code endsAt}: Alertmanager then holds it for its {@code
 * resolve_timeout} and the alert job's periodic re-emits keep it alive, so a dead notifier lets
 * alerts expire instead of firing forever. A resolved alert carries {@code endsAt = ends_at_ms}.
 */
final class AlertmanagerTarget implements Target {
    static final String PATH = "/api/v2/alerts";
    private static final int EVIDENCE_ITEMS = 5;
    private static final int EVIDENCE_CHARS = 200;

    private final TargetConfig config;
    private final URI uri;
    private final String consoleUrl;

    AlertmanagerTarget(TargetConfig config, String consoleUrl) {
        this.config = config;
        this.uri = Target.join(config.url(), PATH);
        this.consoleUrl = consoleUrl;
    }

    @Override
    public TargetConfig config() {
        return config;
    }

    @Override
    public HttpRequest request(Alert alert, long nowMs) {
        ArrayNode body = Json.MAPPER.createArrayNode();
        body.add(payload(alert));
        return Target.post(uri, config, Json.bytes(body)).build();
    }

    ObjectNode payload(Alert alert) {
        ObjectNode a = Json.object();
        a.set("labels", Json.object(labels(alert)));
        a.set("annotations", Json.object(annotations(alert)));
        a.put("startsAt", Json.time(alert.startsAtMs()));
        if (alert.status() == Alert.Status.RESOLVED) {
            a.put("endsAt", Json.time(alert.endsAtMs()));
        }
        if (consoleUrl != null) {
            a.put("generatorURL", consoleUrl);
        }
        return a;
    }

    /**
     * Alertmanager only takes Prometheus label names; an empty value means "no label" there, so it
     * is left out rather than refused.
     */
    static Map<String, String> labels(Alert alert) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("alertname", alert.rule());
        out.put("severity", alert.severity().wire());
        alert.labels()
                .forEach(
                        (k, v) -> {
                            if (v != null && !v.isEmpty()) {
                                out.put(labelName(k), v);
                            }
                        });
        return out;
    }

    static Map<String, String> annotations(Alert alert) {
        Map<String, String> out = new LinkedHashMap<>(alert.annotations());
        putIfValue(out, "value", Json.number(alert.value()));
        putIfValue(out, "threshold", Json.number(alert.threshold()));
        putIfValue(out, "evidence", evidence(alert.evidence()));
        return out;
    }

    private static void putIfValue(Map<String, String> out, String k, String v) {
        if (v != null && !out.containsKey(k)) {
            out.put(k, v);
        }
    }

    static String evidence(List<Alert.Evidence> items) {
        if (items.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Alert.Evidence e : items.subList(0, Math.min(items.size(), EVIDENCE_ITEMS))) {
            String line =
                    Json.time(e.tsMs())
                            + " "
                            + (e.reason() == null ? e.source() : e.reason())
                            + (e.object() == null ? "" : " " + e.object())
                            + (e.message() == null ? "" : ": " + e.message());
            sb.append(
                            line.length() > EVIDENCE_CHARS
                                    ? line.substring(0, EVIDENCE_CHARS) + "…"
                                    : line)
                    .append('\n');
        }
        return sb.toString().strip();
    }

    static String labelName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    c == '_'
                            || (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (i > 0 && c >= '0' && c <= '9');
            sb.append(ok ? c : '_');
        }
        return sb.length() == 0 ? "_" : sb.toString();
    }
}
