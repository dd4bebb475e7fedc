package io.inferscope.notifier;

import java.time.Duration;

/**
 * Exponential backoff with jitter. Options: {@code base} (delay before the first retry, default 500
 * ms), {@code max} (cap on any one delay, also on a receiver's {@code Retry-After}; default 30 s),
 * {@code attempts} (total tries including the first, default 6).
 *
 * <p>"Equal jitter": half of the exponential step is fixed, half random. Delays still grow (so a
 * struggling receiver gets room), but many notifiers that failed together do not retry in lockstep.
 */
public record RetryPolicy(Duration base, Duration max, int attempts) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 6);

    public RetryPolicy {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new ConfigException("retry: need 0 <= base <= max");
        }
        if (attempts < 1) {
            throw new ConfigException("retry.attempts must be >= 1");
        }
    }

    /**
     * The delay before retry number {@code retry} (1 = the first retry), with {@code random} in [0,
     * 1). Never above {@link #max()}.
     */
    public Duration delay(int retry, double random) {
        long cap = max.toMillis();
        long step = base.toMillis() << Math.min(retry - 1, 30);
        long exp = step < 0 ? cap : Math.min(cap, step);
        return Duration.ofMillis(exp / 2 + (long) (random * (exp - exp / 2)));
    }

    /** The delay a receiver asked for, honoured up to {@link #max()}; never below our own. */
    public Duration delay(int retry, double random, Duration retryAfter) {
        Duration own = delay(retry, random);
        if (retryAfter == null) {
            return own;
        }
        Duration asked = retryAfter.compareTo(max) > 0 ? max : retryAfter;
        return asked.compareTo(own) > 0 ? asked : own;
    }
}
