package io.inferscope.jobs.alerts;

import static io.inferscope.jobs.alerts.AlertFixtures.alerts;
import static io.inferscope.jobs.alerts.AlertFixtures.harness;
import static io.inferscope.jobs.alerts.AlertFixtures.requests;
import static io.inferscope.jobs.alerts.AlertFixtures.statuses;
import static io.inferscope.jobs.alerts.AlertFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.schemas.Alert.Status;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Multiwindow burn rate: a tier fires only when both its windows burn faster than its factor. A
 * fresh burst trips the short window long before the long one; recovery clears the short window
 * long before the long one.
 */
class BurnRateRuleTest {
    static final String SLO =
            """
            rules:
              - name: Availability
                type: burn_rate
                objective: 0.99
                good: ok
                tiers:
                  - {factor: 10, long_window: 1h, short_window: 5m}
            """;

    @Test
    void firesOnlyWhenBothWindowsExceedAndResolvesWhenTheShortOneRecovers() throws Exception {
        var h = harness(SLO);
        int s = 0;
        s = feed(h, s, 330, 0); // 55 min without errors
        s = feed(h, s, 30, 20); // 5 min at 20 % errors: short window burns 20x, long only ~1.7x
        assertThat(alerts(h)).as("the long window alone is below 10x").isEmpty();

        // Keep burning until the hour holds > 10 % errors: 20 % for more than 30 min.
        int firedAt = -1;
        for (int i = 0; i < 200 && alerts(h).isEmpty(); i++) {
            s = feed(h, s, 1, 20);
            firedAt = s;
        }
        assertThat(statuses(h)).containsExactly(Status.FIRING);
        // > 10 % over the hour: more than 180 of the last 360 windows at 20 %; the 5 min already
        // counted above are 30 of them.
        assertThat(firedAt - 330).isBetween(181, 183);
        assertThat(alerts(h).get(0).value()).isGreaterThan(10.0);
        assertThat(alerts(h).get(0).threshold()).isCloseTo(10.0, within(1e-9));

        s = feed(h, s, 10, 0); // short window: 20 of 30 windows at 20 % → 13x, still firing
        assertThat(statuses(h)).containsExactly(Status.FIRING);
        feed(h, s, 10, 0); // 10 of 30 → 6.7x: the long window is still > 10x, but not both
        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.RESOLVED);
    }

    @Test
    void aShortBurstAboveTheFactorInBothWindowsFires() throws Exception {
        var h = harness(SLO);
        feed(h, 0, 3, 100); // every request fails: both windows at 100x
        assertThat(statuses(h)).containsExactly(Status.FIRING);
    }

    /** {@code n} windows of 100 finishes with {@code errors} errors each, from window {@code s}. */
    private static int feed(
            KeyedBroadcastOperatorTestHarness<String, Signal, ?, ?> h, int s, int n, int errors)
            throws Exception {
        for (int i = 0; i < n; i++) {
            h.processElement(
                    new StreamRecord<>(Signal.of(requests(t(10 * (s + i)), 100, 1, 100, errors))));
        }
        return s + n;
    }
}
