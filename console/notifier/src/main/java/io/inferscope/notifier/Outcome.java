package io.inferscope.notifier;

/** How one alert's delivery to one target ended. */
enum Outcome {
    /** The receiver accepted it (2xx). */
    DELIVERED,
    /** The receiver refused it for good (4xx other than 408/429): retrying cannot help. */
    PERMANENT,
    /** Every attempt failed with a retryable error (5xx, 408, 429, I/O). */
    EXHAUSTED
}
