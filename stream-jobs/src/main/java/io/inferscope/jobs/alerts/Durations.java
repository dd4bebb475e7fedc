package io.inferscope.jobs.alerts;

import io.inferscope.schemas.AlertRule;

/** Rule durations ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 3d}) in ms. */
final class Durations {
    private Durations() {}

    /** The duration in ms, or {@code otherwise} when absent. */
    static long ms(String text, long otherwise) {
        if (text == null) {
            return otherwise;
        }
        if (!AlertRule.DURATION.matcher(text).matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        boolean millis = text.endsWith("ms");
        long n = Long.parseLong(text.substring(0, text.length() - (millis ? 2 : 1)));
        if (millis) {
            return n;
        }
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> n * 1_000L;
            case 'm' -> n * 60_000L;
            case 'h' -> n * 3_600_000L;
            default -> n * 86_400_000L;
        };
    }
}
