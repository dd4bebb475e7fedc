package io.inferscope.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.Alert;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * PagerDuty Events API v2: {@code POST {url}/v2/enqueue}. Firing → {@code trigger}, resolved →
 * {@code resolve}, with {@code dedup_key} = the alert's fingerprint, so PagerDuty itself folds a
 * repeated trigger into the open incident and a resolve closes the right one.
 */
final class PagerDutyTarget implements Target {
    static final String PATH = "/v2/enqueue";
    static final int SUMMARY_MAX = 1024;

    private final TargetConfig config;
    private final URI uri;
    private final String consoleUrl;

    PagerDutyTarget(TargetConfig config, String consoleUrl) {
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
        return Target.post(uri, config, Json.bytes(event(alert))).build();
    }

    ObjectNode event(Alert alert) {
        ObjectNode e = Json.object();
        e.put("routing_key", config.routingKey().reveal());
        e.put("dedup_key", alert.fingerprint());
        if (alert.status() == Alert.Status.RESOLVED) {
            // A resolve needs nothing but the key; PagerDuty ignores a payload on it.
            e.put("event_action", "resolve");
            return e;
        }
        e.put("event_action", "trigger");
        e.put("client", "InferScope");
        if (consoleUrl != null) {
            e.put("client_url", consoleUrl);
        }
        ObjectNode p = e.putObject("payload");
        p.put("summary", summary(alert));
        p.put("severity", alert.severity().wire());
        p.put("source", source(alert));
        p.put("timestamp", Json.time(alert.startsAtMs()));
        p.put("class", alert.rule());
        putIfPresent(p, "component", alert.labels().get("model"));
        putIfPresent(p, "group", alert.labels().get("deployment"));
        ObjectNode d = p.putObject("custom_details");
        d.set("labels", Json.object(alert.labels()));
        d.set("annotations", Json.object(alert.annotations()));
        if (alert.value() != null) {
            d.put("value", alert.value());
        }
        if (alert.threshold() != null) {
            d.put("threshold", alert.threshold());
        }
        ArrayNode ev = d.putArray("evidence");
        for (Alert.Evidence x : alert.evidence()) {
            ObjectNode item =
                    ev.addObject().put("ts", Json.time(x.tsMs())).put("source", x.source());
            putIfPresent(item, "reason", x.reason());
            putIfPresent(item, "object", x.object());
            putIfPresent(item, "message", x.message());
        }
        return e;
    }

    static String summary(Alert alert) {
        String s = alert.annotations().get("summary");
        if (s == null || s.isBlank()) {
            s = alert.rule() + " " + alert.labels();
        }
        return s.length() > SUMMARY_MAX ? s.substring(0, SUMMARY_MAX - 1) + "…" : s;
    }

    /** The affected system, most specific first: PagerDuty requires one. */
    static String source(Alert alert) {
        for (String k : new String[] {"replica", "deployment", "node", "namespace", "cluster"}) {
            String v = alert.labels().get(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "inferscope";
    }

    private static void putIfPresent(ObjectNode o, String k, String v) {
        if (v != null && !v.isBlank()) {
            o.put(k, v);
        }
    }
}
