package io.inferscope.schemas;

/** Checks shared by the derived (windowed) records. */
final class Windows {
    private Windows() {}

    static void check(long windowStartMs, long windowEndMs, int windowS) {
        Check.timestamp("window_start_ms", windowStartMs);
        Check.timestamp("window_end_ms", windowEndMs);
        if (windowS <= 0) {
            throw new SchemaViolation("window_s", "must be > 0, got " + windowS);
        }
        if (windowEndMs - windowStartMs != windowS * 1000L) {
            throw new SchemaViolation(
                    "window_end_ms", "must equal window_start_ms + window_s * 1000");
        }
    }
}
