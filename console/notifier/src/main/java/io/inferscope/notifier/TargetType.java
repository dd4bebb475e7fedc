package io.inferscope.notifier;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kinds of delivery target. {@code dedupByDefault}: whether a repeated state (a periodic
 * re-emit of a firing alert) is suppressed. Alertmanager wants the re-sends (they keep the alert
 * from timing out there); pages and chat messages must not repeat.
 */
public enum TargetType {
    ALERTMANAGER("alertmanager", false),
    PAGERDUTY("pagerduty", true),
    WEBHOOK("webhook", true);

    private final String wire;
    private final boolean dedupByDefault;

    TargetType(String wire, boolean dedupByDefault) {
        this.wire = wire;
        this.dedupByDefault = dedupByDefault;
    }

    public String wire() {
        return wire;
    }

    public boolean dedupByDefault() {
        return dedupByDefault;
    }

    static TargetType parse(String where, String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(v -> v.wire.equals(t))
                .findFirst()
                .orElseThrow(
                        () ->
                                new ConfigException(
                                        where
                                                + ": unknown type '"
                                                + text
                                                + "' (alertmanager, pagerduty, webhook)"));
    }
}
