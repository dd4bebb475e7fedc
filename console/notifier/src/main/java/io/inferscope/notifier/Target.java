package io.inferscope.notifier;

import io.inferscope.schemas.Alert;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * One configured receiver: turns an alert into the HTTP request its API expects. Built anew for
 * every attempt, so time-bound parts (the webhook's signed timestamp) are fresh on retries.
 */
interface Target {
    TargetConfig config();

    HttpRequest request(Alert alert, long nowMs);

    default String name() {
        return config().name();
    }

    static Target of(TargetConfig config, String consoleUrl) {
        return switch (config.type()) {
            case ALERTMANAGER -> new AlertmanagerTarget(config, consoleUrl);
            case PAGERDUTY -> new PagerDutyTarget(config, consoleUrl);
            case WEBHOOK -> new WebhookTarget(config);
        };
    }

    /** {@code base} without trailing slashes, then {@code path}. */
    static URI join(String base, String path) {
        String b = base;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }

    static HttpRequest.Builder post(URI uri, TargetConfig config, byte[] body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri)
                        .timeout(config.timeout())
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "InferScope-Notifier/1")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.headers().forEach((k, v) -> b.setHeader(k, v.reveal()));
        return b;
    }
}
