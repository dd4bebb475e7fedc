package io.inferscope.jobs.alerts;

import static io.inferscope.jobs.alerts.AlertFixtures.WALL0;
import static io.inferscope.jobs.alerts.AlertFixtures.alerts;
import static io.inferscope.jobs.alerts.AlertFixtures.event;
import static io.inferscope.jobs.alerts.AlertFixtures.harness;
import static io.inferscope.jobs.alerts.AlertFixtures.statuses;
import static io.inferscope.jobs.alerts.AlertFixtures.t;
import static io.inferscope.jobs.alerts.AlertFixtures.transitions;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.Alert.Status;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** Event rules count matching Warning events of a deployment within a window. */
class EventRuleTest {
    static final String BACKOFF =
            """
            rules:
              - name: BackOffs
                type: event
                reasons: [BackOff, OOMKilling]
                count: 3
                window: 1m
            """;

    @Test
    void firesAtTheCountWithinTheWindowAndResolvesWhenTheWindowRunsOut() throws Exception {
        var h = harness(BACKOFF);
        h.processElement(new StreamRecord<>(Signal.of(event(t(0), "Warning", "BackOff", "p1"))));
        h.processElement(new StreamRecord<>(Signal.of(event(t(5), "Normal", "BackOff", "p1"))));
        h.processElement(new StreamRecord<>(Signal.of(event(t(10), "Warning", "Pulled", "p1"))));
        h.processElement(
                new StreamRecord<>(Signal.of(event(t(20), "Warning", "OOMKilling", "p1"))));
        assertThat(alerts(h)).as("2 matching Warning events").isEmpty();
        h.processElement(new StreamRecord<>(Signal.of(event(t(30), "Warning", "BackOff", "p1"))));

        assertThat(statuses(h)).containsExactly(Status.FIRING);
        Alert a = alerts(h).get(0);
        assertThat(a.value()).isEqualTo(3.0);
        assertThat(a.startsAtMs()).isEqualTo(t(30));
        assertThat(a.evidence())
                .extracting(Alert.Evidence::reason)
                .contains("BackOff", "OOMKilling");

        // No more events: the first of the three leaves the window 1 min after it happened.
        h.setProcessingTime(WALL0 + 25_000);
        assertThat(alerts(h)).hasSize(1);
        h.setProcessingTime(WALL0 + 35_000);
        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.RESOLVED);
    }

    @Test
    void keepFiringForHoldsAfterTheWindowRanOutThenResolves() throws Exception {
        var h = harness(BACKOFF.replace("window: 1m", "window: 1m\n    keep_firing_for: 30s"));
        for (int i = 0; i < 3; i++) {
            h.processElement(
                    new StreamRecord<>(Signal.of(event(t(10 * i), "Warning", "BackOff", "p1"))));
        }
        assertThat(statuses(h)).containsExactly(Status.FIRING);

        h.setProcessingTime(WALL0 + 45_000); // window empty since ~40 s: held by keep_firing_for
        assertThat(statuses(h)).containsExactly(Status.FIRING);
        h.setProcessingTime(WALL0 + 75_000);
        assertThat(transitions(h)).containsExactly(Status.FIRING, Status.RESOLVED);
        h.setProcessingTime(WALL0 + 16 * 60_000); // the events also age out of the evidence
        ThresholdRuleTest.assertStateClearedAfterTicks(h);
    }

    @Test
    void aRedeliveredEventCountsOnceAndARepeatCountsItsIncrease() throws Exception {
        var h = harness(BACKOFF);
        for (int i = 0; i < 3; i++) { // an informer resync delivers the same event again
            h.processElement(
                    new StreamRecord<>(
                            Signal.of(event(t(0), "Warning", "BackOff", "p1", "uid-1", 1))));
        }
        assertThat(alerts(h)).as("one occurrence, seen three times").isEmpty();
        h.processElement(
                new StreamRecord<>(
                        Signal.of(event(t(20), "Warning", "BackOff", "p1", "uid-1", 3))));

        assertThat(statuses(h)).containsExactly(Status.FIRING);
        assertThat(alerts(h).get(0).value()).isEqualTo(3.0);
    }

    @Test
    void eventsSpreadWiderThanTheWindowDoNotFire() throws Exception {
        var h = harness(BACKOFF);
        for (int i = 0; i < 5; i++) {
            h.processElement(
                    new StreamRecord<>(Signal.of(event(t(40 * i), "Warning", "BackOff", "p1"))));
        }
        assertThat(alerts(h)).isEmpty();
    }
}
