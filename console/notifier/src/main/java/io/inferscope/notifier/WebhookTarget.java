package io.inferscope.notifier;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook: {@code POST {url}} with the alert as it is on {@code inferscope.alerts} (the
 * schema's snake_case JSON). Headers: {@value #TIMESTAMP} (epoch seconds of this attempt), {@value
 * #DELIVERY} ({@code fingerprint:status:updated_at_ms}, the same on every retry so a receiver can
 * drop an at-least-once repeat) and, when a {@code secret} is configured, {@value #SIGNATURE}
 * {@code = sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}. The timestamp is inside the
 * signed text so a captured request cannot be replayed later with a new timestamp.
 */
final class WebhookTarget implements Target {
    static final String SIGNATURE = "X-InferScope-Signature";
    static final String TIMESTAMP = "X-InferScope-Timestamp";
    static final String DELIVERY = "X-InferScope-Delivery";
    private static final RecordCodec<Alert> CODEC = Topics.ALERTS.codec();

    private final TargetConfig config;
    private final URI uri;

    WebhookTarget(TargetConfig config) {
        this.config = config;
        this.uri = URI.create(config.url());
    }

    @Override
    public TargetConfig config() {
        return config;
    }

    @Override
    public HttpRequest request(Alert alert, long nowMs) {
        byte[] body = CODEC.encode(alert);
        String ts = String.valueOf(nowMs / 1000);
        HttpRequest.Builder b =
                Target.post(uri, config, body)
                        .setHeader(TIMESTAMP, ts)
                        .setHeader(
                                DELIVERY,
                                alert.fingerprint()
                                        + ":"
                                        + alert.status().wire()
                                        + ":"
                                        + alert.updatedAtMs());
        if (config.secret() != null) {
            b.setHeader(SIGNATURE, "sha256=" + sign(config.secret(), ts, body));
        }
        return b.build();
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}; receivers recompute and compare. */
    static String sign(Secret secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(
                    new SecretKeySpec(
                            secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every JDK ships HmacSHA256; the message never includes the key.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
