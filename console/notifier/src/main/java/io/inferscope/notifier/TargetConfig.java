package io.inferscope.notifier;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One delivery target. Options (YAML keys in brackets):
 *
 * <ul>
 *   <li>{@code name} [name]: unique, the {@code target} label of the self-metrics.
 *   <li>{@code type} [type]: {@code alertmanager}, {@code pagerduty} or {@code webhook}.
 *   <li>{@code url} [url]: Alertmanager base URL (the notifier posts to {@code /api/v2/alerts});
 *       PagerDuty base URL (default {@value #PAGERDUTY_URL}, posts to {@code /v2/enqueue}); the
 *       webhook's full URL. Treated as a secret in logs (webhook URLs often embed a token).
 *   <li>{@code routingKey} [routing_key]: PagerDuty integration key (required for pagerduty).
 *   <li>{@code secret} [secret]: webhook HMAC-SHA256 key; without it no signature header is sent.
 *   <li>{@code headers} [headers]: extra request headers (e.g. {@code Authorization}); values are
 *       secrets.
 *   <li>{@code filter} [filter: severities, labels]: which alerts this target gets.
 *   <li>{@code dedup} [dedup]: suppress a repeat of the state last delivered for a fingerprint
 *       (default true for pagerduty and webhook, false for alertmanager).
 *   <li>{@code timeout} [timeout]: per request (default 10 s).
 * </ul>
 *
 * Every string may be a {@code ${ENV_VAR}} reference. {@link #toString()} masks secrets and the
 * URL.
 */
public record TargetConfig(
        String name,
        TargetType type,
        String url,
        Secret routingKey,
        Secret secret,
        Map<String, Secret> headers,
        Filter filter,
        boolean dedup,
        Duration timeout) {

    public static final String PAGERDUTY_URL = "https://events.pagerduty.com";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public TargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        filter = filter == null ? Filter.ALL : filter;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (type == TargetType.PAGERDUTY && url == null) {
            url = PAGERDUTY_URL;
        }
        if (url == null) {
            throw new ConfigException("target '" + name + "': url is required");
        }
        requireHttpUrl(name, url);
        if (type == TargetType.PAGERDUTY && routingKey == null) {
            throw new ConfigException("target '" + name + "': routing_key is required");
        }
    }

    /** The error never quotes the URL: it may carry a token. */
    private static void requireHttpUrl(String name, String url) {
        String scheme;
        String host;
        try {
            java.net.URI u = new java.net.URI(url);
            scheme = u.getScheme();
            host = u.getHost();
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("target '" + name + "': url is not a valid URL");
        }
        if (host == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new ConfigException(
                    "target '" + name + "': url must be http(s)://host[:port]/...");
        }
    }

    /** A target with the type's default dedup, no secrets, headers or filter. */
    public static TargetConfig of(String name, TargetType type, String url) {
        return new TargetConfig(
                name, type, url, null, null, Map.of(), Filter.ALL, type.dedupByDefault(), null);
    }

    /** A PagerDuty target; {@code url} null = {@value #PAGERDUTY_URL}. */
    public static TargetConfig pagerDuty(String name, String url, Secret routingKey) {
        return new TargetConfig(
                name,
                TargetType.PAGERDUTY,
                url,
                routingKey,
                null,
                Map.of(),
                Filter.ALL,
                true,
                null);
    }

    public TargetConfig withSecret(Secret key) {
        return new TargetConfig(name, type, url, routingKey, key, headers, filter, dedup, timeout);
    }

    public TargetConfig withFilter(Filter f) {
        return new TargetConfig(name, type, url, routingKey, secret, headers, f, dedup, timeout);
    }

    public TargetConfig withTimeout(Duration t) {
        return new TargetConfig(name, type, url, routingKey, secret, headers, filter, dedup, t);
    }

    @Override
    public String toString() {
        return "TargetConfig[name="
                + name
                + ", type="
                + type.wire()
                + ", url="
                + Secret.redactUrl(url)
                + ", routingKey="
                + routingKey
                + ", secret="
                + secret
                + ", headers="
                + headers.keySet()
                + ", filter="
                + filter
                + ", dedup="
                + dedup
                + ", timeout="
                + timeout
                + "]";
    }
}
