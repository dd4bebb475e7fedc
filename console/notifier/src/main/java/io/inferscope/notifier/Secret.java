package io.inferscope.notifier;

import java.net.URI;

/**
 * A value that must never reach a log, an exception message or a {@code toString}: PagerDuty
 * routing keys, webhook HMAC secrets, extra header values. Only the code that puts it on the wire
 * calls {@link #reveal()}.
 */
public final class Secret {
    static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Null and empty stay null, so "not configured" has one representation. */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? null : new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }

    /**
     * A URL as it may be logged: scheme, host and port only. Paths and queries of webhook URLs
     * often are credentials themselves (Slack and Teams incoming webhooks), so they are never
     * shown.
     */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            if (u.getHost() == null) {
                return MASK;
            }
            String port = u.getPort() < 0 ? "" : ":" + u.getPort();
            boolean more = u.getRawPath() != null && u.getRawPath().length() > 1;
            return u.getScheme() + "://" + u.getHost() + port + (more ? "/" + MASK : "");
        } catch (IllegalArgumentException e) {
            return MASK;
        }
    }
}
