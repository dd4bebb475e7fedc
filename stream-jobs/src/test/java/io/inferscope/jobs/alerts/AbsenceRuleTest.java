package io.inferscope.jobs.alerts;

import static io.inferscope.jobs.alerts.AlertFixtures.WALL0;
import static io.inferscope.jobs.alerts.AlertFixtures.alerts;
import static io.inferscope.jobs.alerts.AlertFixtures.harness;
import static io.inferscope.jobs.alerts.AlertFixtures.requests;
import static io.inferscope.jobs.alerts.AlertFixtures.statuses;
import static io.inferscope.jobs.alerts.AlertFixtures.t;
import static io.inferscope.jobs.alerts.AlertFixtures.transitions;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Alert.Status;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** Absence rules fire on processing time, so a pipeline whose every source went quiet alerts. */
class AbsenceRuleTest {
    static final String SILENT =
            """
            rules:
              - name: RequestsSilent
                type: absence
                metric: requests
                for: 1m
                group_by: [deployment, model]
            """;

    @Test
    void firesWhenAGroupIsSilentForTheDurationAndResolvesWhenDataReturns() throws Exception {
        var h = harness(SILENT);
        h.processElement(new StreamRecord<>(Signal.of(requests(t(0), 100, 1))));
        h.setProcessingTime(WALL0 + 10_000);
        h.processElement(new StreamRecord<>(Signal.of(requests(t(10), 100, 1))));

        h.setProcessingTime(WALL0 + 10_000 + 55_000);
        assertThat(alerts(h)).as("silent 55 s < 1m").isEmpty();
        h.setProcessingTime(WALL0 + 10_000 + 61_000);
        assertThat(statuses(h)).containsExactly(Status.FIRING);
        assertThat(alerts(h).get(0).labels())
                .containsEntry("model", "llama")
                .containsEntry("alertname", "RequestsSilent");
        assertThat(alerts(h).get(0).threshold()).isEqualTo(60.0);

        h.setProcessingTime(WALL0 + 100_000);
        h.processElement(new StreamRecord<>(Signal.of(requests(t(90), 100, 1))));
        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.RESOLVED);
        assertThat(alerts(h).get(1).endsAtMs()).isEqualTo(WALL0 + 100_000);
        assertThat(alerts(h).get(1).fingerprint()).isEqualTo(alerts(h).get(0).fingerprint());
    }

    @Test
    void aSilentGroupIsForgottenAfterForgetAfter() throws Exception {
        var h = harness(SILENT);
        h.processElement(new StreamRecord<>(Signal.of(requests(t(0), 100, 1))));
        h.setProcessingTime(WALL0 + 61_000);
        assertThat(statuses(h)).containsExactly(Status.FIRING);

        h.setProcessingTime(WALL0 + 60_000 + 3_600_000 + 5_000); // for + forget-after (1h)
        assertThat(transitions(h)).containsExactly(Status.FIRING, Status.RESOLVED);
        assertThat(statuses(h)).as("re-sent every minute meanwhile").hasSizeGreaterThan(50);
        ThresholdRuleTest.assertStateClearedAfterTicks(h);
    }
}
