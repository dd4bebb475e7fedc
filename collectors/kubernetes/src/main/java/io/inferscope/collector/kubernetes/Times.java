package io.inferscope.collector.kubernetes;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** API-server timestamps (RFC 3339, with or without fractional seconds) as epoch milliseconds. */
public final class Times {
    private Times() {}

    /** Epoch ms, or null when absent, unparseable or not after the epoch (records need > 0). */
    public static Long parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            long ms = OffsetDateTime.parse(rfc3339.trim()).toInstant().toEpochMilli();
            return ms > 0 ? ms : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The first non-null of the given times. */
    public static Long first(Long... times) {
        for (Long t : times) {
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
