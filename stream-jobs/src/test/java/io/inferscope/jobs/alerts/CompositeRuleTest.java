package io.inferscope.jobs.alerts;

import static io.inferscope.jobs.alerts.AlertFixtures.alerts;
import static io.inferscope.jobs.alerts.AlertFixtures.gpu;
import static io.inferscope.jobs.alerts.AlertFixtures.harness;
import static io.inferscope.jobs.alerts.AlertFixtures.requests;
import static io.inferscope.jobs.alerts.AlertFixtures.statuses;
import static io.inferscope.jobs.alerts.AlertFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Alert.Status;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** Composite rules join different derived streams of one deployment at the same time. */
class CompositeRuleTest {
    static final String POOR_BATCHING =
            """
            rules:
              - name: PoorBatching
                type: composite
                conditions:
                  - {metric: gpu.utilization_mean, comparator: "<", threshold: 30}
                  - {metric: requests.queue_ms.p90, comparator: ">", threshold: 1000}
                annotations:
                  summary: "{{ $labels.deployment }} GPUs at {{ $value }} %"
            """;

    @Test
    void firesOnlyWhileEveryConditionHoldsAcrossStreams() throws Exception {
        var h = harness(POOR_BATCHING);
        h.processElement(new StreamRecord<>(Signal.of(gpu(t(0), 10, 0.5))));
        h.processElement(new StreamRecord<>(Signal.of(requests(t(0), 100, 5))));
        assertThat(alerts(h)).as("idle GPUs alone").isEmpty();

        h.processElement(new StreamRecord<>(Signal.of(requests(t(10), 100, 2500))));
        assertThat(alerts(h)).as("queueing now, GPUs idle in the previous window").hasSize(1);
        h.processElement(new StreamRecord<>(Signal.of(gpu(t(10), 12, 0.5))));
        h.processElement(new StreamRecord<>(Signal.of(gpu(t(20), 85, 0.5))));

        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.RESOLVED);
        assertThat(alerts(h).get(0).labels())
                .containsEntry("deployment", "llm-chat")
                .doesNotContainKey("model");
        assertThat(alerts(h).get(0).annotations())
                .containsEntry("summary", "llm-chat GPUs at 10 %");
    }

    @Test
    void conditionsOfWindowsFarApartDoNotCombine() throws Exception {
        var h = harness(POOR_BATCHING);
        h.processElement(new StreamRecord<>(Signal.of(gpu(t(0), 10, 0.5))));
        h.processElement(new StreamRecord<>(Signal.of(requests(t(60), 100, 2500))));

        assertThat(alerts(h)).isEmpty();
    }
}
