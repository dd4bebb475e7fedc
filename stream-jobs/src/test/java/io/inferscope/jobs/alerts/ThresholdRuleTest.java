package io.inferscope.jobs.alerts;

import static io.inferscope.jobs.alerts.AlertFixtures.WALL0;
import static io.inferscope.jobs.alerts.AlertFixtures.alerts;
import static io.inferscope.jobs.alerts.AlertFixtures.cluster;
import static io.inferscope.jobs.alerts.AlertFixtures.errorLine;
import static io.inferscope.jobs.alerts.AlertFixtures.event;
import static io.inferscope.jobs.alerts.AlertFixtures.harness;
import static io.inferscope.jobs.alerts.AlertFixtures.requests;
import static io.inferscope.jobs.alerts.AlertFixtures.statuses;
import static io.inferscope.jobs.alerts.AlertFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.Alert.Status;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** Threshold rules: for duration, hysteresis, resolve, re-sending, evidence and bounded state. */
class ThresholdRuleTest {
    static final String TTFT =
            """
            rules:
              - name: HighTtft
                type: threshold
                severity: critical
                metric: requests.ttft_ms.p99
                comparator: ">"
                threshold: 1000
                for: 20s
                labels: {team: inference}
                annotations:
                  summary: "{{ $labels.deployment }} TTFT p99 {{ $value }} ms > {{ $threshold }}"
            """;

    static final String RESTARTS =
            """
            rules:
              - name: Restarts
                type: threshold
                metric: cluster.restarts
                comparator: ">"
                threshold: 0
                keep_firing_for: 30s
            """;

    @Test
    void firesAfterForDurationAndResolvesOnRecovery() throws Exception {
        var h = harness(TTFT);
        h.processElement(new StreamRecord<>(Signal.of(requests(t(0), 1500, 1))));
        assertThat(alerts(h)).as("10 s of breach is less than for: 20s").isEmpty();
        h.processElement(new StreamRecord<>(Signal.of(requests(t(10), 2500, 1))));
        h.processElement(new StreamRecord<>(Signal.of(requests(t(20), 300, 1))));

        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.RESOLVED);
        Alert firing = alerts(h).get(0);
        Alert resolved = alerts(h).get(1);
        assertThat(firing.startsAtMs()).isEqualTo(t(20));
        assertThat(firing.value()).isEqualTo(2500.0);
        assertThat(firing.threshold()).isEqualTo(1000.0);
        assertThat(firing.updatedAtMs()).isEqualTo(WALL0);
        assertThat(firing.severity()).isEqualTo(Alert.Severity.CRITICAL);
        assertThat(firing.labels())
                .containsEntry("alertname", "HighTtft")
                .containsEntry("severity", "critical")
                .containsEntry("team", "inference")
                .containsEntry("deployment", "llm-chat")
                .containsEntry("model", "llama");
        assertThat(firing.annotations())
                .containsEntry("summary", "llm-chat TTFT p99 2500 ms > 1000");
        assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(resolved.endsAtMs()).isEqualTo(t(30));
        assertThat(resolved.startsAtMs()).isEqualTo(t(20));
        assertStateClearedAfterTicks(h);
    }

    @Test
    void aWindowWithoutTheFieldIsSkippedNotFatal() throws Exception {
        var h = harness(TTFT);
        h.processElement(new StreamRecord<>(Signal.of(requests(t(0), 1500, 1))));
        h.processElement(new StreamRecord<>(Signal.of(AlertFixtures.idleRequests(t(10)))));
        h.processElement(new StreamRecord<>(Signal.of(requests(t(20), 2500, 1))));
        h.processElement(new StreamRecord<>(Signal.of(requests(t(30), 2500, 1))));
        assertThat(statuses(h)).containsExactly(Status.FIRING);
    }

    @Test
    void aBreachShorterThanForNeverFires() throws Exception {
        var h = harness(TTFT);
        h.processElement(new StreamRecord<>(Signal.of(requests(t(0), 5000, 1))));
        h.processElement(new StreamRecord<>(Signal.of(requests(t(10), 200, 1))));
        h.processElement(new StreamRecord<>(Signal.of(requests(t(20), 5000, 1))));
        h.processElement(new StreamRecord<>(Signal.of(requests(t(30), 200, 1))));

        assertThat(alerts(h)).isEmpty();
        assertStateClearedAfterTicks(h);
    }

    @Test
    void keepFiringForHoldsThroughAShortDipThenResolvesOnce() throws Exception {
        var h = harness(RESTARTS);
        long[] restarts = {1, 0, 0, 2, 0, 0, 0, 0};
        for (int i = 0; i < restarts.length; i++) {
            h.processElement(new StreamRecord<>(Signal.of(cluster(t(10 * i), restarts[i]))));
        }

        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.RESOLVED);
        assertThat(alerts(h).get(0).startsAtMs()).isEqualTo(t(10));
        // last restart in the window ending at 40 s; false for 30 s at the window ending at 70 s
        assertThat(alerts(h).get(1).endsAtMs()).isEqualTo(t(70));
        assertThat(alerts(h).get(1).value()).isEqualTo(0.0);
    }

    @Test
    void firingAlertIsReSentPeriodicallyAndResolvedWhenItsGroupGoesStale() throws Exception {
        var h = harness(RESTARTS);
        h.processElement(new StreamRecord<>(Signal.of(cluster(t(0), 3))));
        assertThat(statuses(h)).containsExactly(Status.FIRING);

        h.setProcessingTime(WALL0 + 59_000);
        assertThat(alerts(h)).hasSize(1);
        h.setProcessingTime(WALL0 + 61_000);
        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.FIRING);
        Alert again = alerts(h).get(1);
        assertThat(again.updatedAtMs()).isGreaterThan(WALL0 + 59_000);
        assertThat(again.startsAtMs()).isEqualTo(alerts(h).get(0).startsAtMs());
        assertThat(again.fingerprint()).isEqualTo(alerts(h).get(0).fingerprint());

        h.setProcessingTime(WALL0 + 5 * 60_000 + 5_000); // stale-after 5m without a record
        assertThat(statuses(h)).endsWith(Status.RESOLVED);
        assertThat(statuses(h).stream().filter(s -> s == Status.RESOLVED)).hasSize(1);
        assertStateClearedAfterTicks(h);
    }

    @Test
    void alertCarriesTheDeploymentsEventsWarningFirstAndErrorLines() throws Exception {
        var h = harness(RESTARTS);
        h.processElement(new StreamRecord<>(Signal.of(event(t(1), "Normal", "Pulled", "p1"))));
        h.processElement(new StreamRecord<>(Signal.of(event(t(2), "Warning", "BackOff", "p1"))));
        h.processElement(
                new StreamRecord<>(Signal.of(errorLine(t(3), "p1", "CUDA out of memory"))));
        h.processElement(new StreamRecord<>(Signal.of(cluster(t(0), 1))));

        Alert a = alerts(h).get(0);
        assertThat(a.evidence())
                .extracting(Alert.Evidence::reason)
                .containsExactly("BackOff", "Pulled", "error");
        assertThat(a.evidence().get(0).source()).isEqualTo("k8s_event");
        assertThat(a.evidence().get(0).object()).isEqualTo("pod/p1");
        assertThat(a.evidence().get(2).source()).isEqualTo("log");
        assertThat(a.evidence().get(2).message()).isEqualTo("CUDA out of memory");
    }

    static int keyedStateEntries(
            org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness<?> h) {
        var backend = h.getOperator().getKeyedStateBackend();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend)
                .numKeyValueStateEntries();
    }

    /** After the alert resolved and a tick ran, neither groups nor timers are left. */
    static void assertStateClearedAfterTicks(
            org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h)
            throws Exception {
        h.setProcessingTime(h.getProcessingTime() + 6_000);
        assertThat(keyedStateEntries(h)).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }
}
