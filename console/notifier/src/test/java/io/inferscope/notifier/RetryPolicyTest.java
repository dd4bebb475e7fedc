package io.inferscope.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 10);

    @Test
    void delaysGrowExponentiallyWithinJitterAndAreCapped() {
        for (int retry = 1; retry <= 8; retry++) {
            long exp = Math.min(2000, 100L << (retry - 1));
            assertThat(policy.delay(retry, 0.0).toMillis()).isEqualTo(exp / 2);
            assertThat(policy.delay(retry, 0.999).toMillis()).isBetween(exp / 2, exp);
        }
        assertThat(policy.delay(60, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterIsHonouredUpToTheMaximum() {
        assertThat(policy.delay(1, 0.0, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(1, 0.0, Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(5, 0.0, Duration.ZERO))
                .as("never below our own backoff")
                .isEqualTo(Duration.ofMillis(800));
    }
}
