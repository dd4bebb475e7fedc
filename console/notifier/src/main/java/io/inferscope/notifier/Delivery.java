package io.inferscope.notifier;

import io.inferscope.schemas.Alert;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one alert to one target, retrying with {@link RetryPolicy}: 2xx is success; 408, 429, 5xx
 * and I/O errors are retried (a {@code Retry-After} on 429/503 is honoured up to {@code
 * retry.max}); any other status is permanent. Logs name the target, the fingerprint and the status,
 * never the URL path, the body or a header value.
 */
final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final int ERROR_EXCERPT = 200;

    /** Sleeps; a test may count instead. Interruptible, so close() stops a backoff at once. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpClient client;
    private final RetryPolicy retry;
    private final NotifierMetrics metrics;
    private final LongSupplier clock;
    private final DoubleSupplier random;
    private final Sleeper sleeper;

    Delivery(
            HttpClient client,
            RetryPolicy retry,
            NotifierMetrics metrics,
            LongSupplier clock,
            DoubleSupplier random,
            Sleeper sleeper) {
        this.client = client;
        this.retry = retry;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
        this.sleeper = sleeper;
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Outcome deliver(Target target, Alert alert) throws InterruptedException {
        String last = null;
        for (int attempt = 1; ; attempt++) {
            Duration retryAfter = null;
            try {
                HttpResponse<String> r =
                        client.send(
                                target.request(alert, clock.getAsLong()),
                                HttpResponse.BodyHandlers.ofString());
                int code = r.statusCode();
                if (code >= 200 && code < 300) {
                    metrics.delivered(target.config());
                    return Outcome.DELIVERED;
                }
                last = "HTTP " + code + excerpt(r.body(), target.config());
                if (!retryable(code)) {
                    metrics.failed(target.config(), Outcome.PERMANENT);
                    LOG.warn(
                            "target {}: alert {} ({}) refused, not retried: {}",
                            target.name(),
                            alert.fingerprint(),
                            alert.status().wire(),
                            last);
                    return Outcome.PERMANENT;
                }
                retryAfter = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + scrub(e.getMessage(), target.config());
            }
            if (attempt >= retry.attempts()) {
                metrics.failed(target.config(), Outcome.EXHAUSTED);
                LOG.warn(
                        "target {} ({}): alert {} ({}) not delivered after {} attempts: {}",
                        target.name(),
                        Secret.redactUrl(target.config().url()),
                        alert.fingerprint(),
                        alert.status().wire(),
                        attempt,
                        last);
                return Outcome.EXHAUSTED;
            }
            metrics.retried(target.config());
            Duration d = retry.delay(attempt, random.getAsDouble(), retryAfter);
            LOG.debug(
                    "target {}: attempt {} failed ({}), retry in {}",
                    target.name(),
                    attempt,
                    last,
                    d);
            sleeper.sleep(d);
        }
    }

    static boolean retryable(int code) {
        return code == 408 || code == 429 || code >= 500;
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(h)));
        } catch (NumberFormatException notSeconds) {
            try {
                long at =
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant()
                                .toEpochMilli();
                return Duration.ofMillis(Math.max(0, at - clock.getAsLong()));
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String excerpt(String body, TargetConfig config) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String one = body.strip().replaceAll("\\s+", " ");
        if (one.length() > ERROR_EXCERPT) {
            one = one.substring(0, ERROR_EXCERPT) + "…";
        }
        return scrub(": " + one, config);
    }

    /** Removes any configured secret a receiver or an exception might echo back. */
    static String scrub(String text, TargetConfig config) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (Secret s : secrets(config)) {
            out = out.replace(s.reveal(), Secret.MASK);
        }
        return out.replace(config.url(), Secret.redactUrl(config.url()));
    }

    private static java.util.List<Secret> secrets(TargetConfig c) {
        java.util.List<Secret> out = new java.util.ArrayList<>(c.headers().values());
        if (c.routingKey() != null) {
            out.add(c.routingKey());
        }
        if (c.secret() != null) {
            out.add(c.secret());
        }
        return out;
    }
}
