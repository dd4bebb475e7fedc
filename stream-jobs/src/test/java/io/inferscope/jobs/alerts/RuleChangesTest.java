package io.inferscope.jobs.alerts;

import static io.inferscope.jobs.alerts.AlertFixtures.alerts;
import static io.inferscope.jobs.alerts.AlertFixtures.cluster;
import static io.inferscope.jobs.alerts.AlertFixtures.harness;
import static io.inferscope.jobs.alerts.AlertFixtures.requests;
import static io.inferscope.jobs.alerts.AlertFixtures.statuses;
import static io.inferscope.jobs.alerts.AlertFixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Alert.Status;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RuleStatus;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Rules changed at run time: the rules topic goes through {@link RuleIntake} (one status per
 * record, invalid rules stopped there) into the evaluator's broadcast state.
 */
class RuleChangesTest {
    static final String TTFT_JSON =
            "{\"name\":\"HighTtft\",\"type\":\"threshold\",\"metric\":\"requests.ttft_ms.p99\","
                    + "\"comparator\":\">\",\"threshold\":1000}";

    @Test
    void anInvalidRuleIsRejectedWithItsReasonAndTheOthersKeepWorking() throws Exception {
        var intake = intake();
        intake.processElement(change("HighTtft", TTFT_JSON), 1);
        intake.processElement(
                change(
                        "Broken",
                        "name: Broken\ntype: threshold\nmetric: requests.ttft_ms.p999\n"
                                + "comparator: '>'\nthreshold: 1"),
                2);
        intake.processElement(change("Garbled", "name: [unclosed"), 3);

        List<RuleStatus> st = ruleStatuses(intake);
        assertThat(st)
                .extracting(RuleStatus::status)
                .containsExactly(
                        RuleStatus.Status.ACCEPTED,
                        RuleStatus.Status.REJECTED,
                        RuleStatus.Status.REJECTED);
        assertThat(st.get(1).rule()).isEqualTo("Broken");
        assertThat(st.get(1).reason()).startsWith("$.metric: unknown field 'p999' of Quantiles");
        assertThat(st.get(1).source()).isEqualTo("test");
        assertThat(st.get(2).reason()).startsWith("$: not valid YAML or JSON");
        List<Tuple2<String, String>> broadcast = intake.extractOutputValues();
        assertThat(broadcast).extracting(u -> u.f0).containsExactly("HighTtft");

        // The evaluator keeps its file rule and gains the valid topic rule.
        var h = harness(ThresholdRuleTest.RESTARTS);
        for (Tuple2<String, String> u : broadcast) {
            h.processBroadcastElement(new StreamRecord<>(u));
        }
        h.processElement(new StreamRecord<>(Signal.of(requests(t(0), 5000, 1))));
        h.processElement(new StreamRecord<>(Signal.of(cluster(t(0), 2))));
        assertThat(alerts(h)).extracting(a -> a.rule()).containsExactly("HighTtft", "Restarts");
    }

    @Test
    void aTombstoneDeletesTheRuleAndResolvesItsFiringAlerts() throws Exception {
        var intake = intake();
        intake.processElement(new StreamRecord<>(RuleChange.of("Restarts", null, "test", 5)));
        assertThat(ruleStatuses(intake))
                .extracting(RuleStatus::status)
                .containsExactly(RuleStatus.Status.DELETED);

        var h = harness(ThresholdRuleTest.RESTARTS);
        for (int d = 0; d < 5; d++) { // five deployments, each its own key
            Labels labels = new Labels("local", "demo", "chat-" + d, null, null, null);
            h.processElement(new StreamRecord<>(Signal.of(cluster(t(0), 2, labels))));
        }
        assertThat(statuses(h)).hasSize(5).containsOnly(Status.FIRING);
        for (Tuple2<String, String> u : intake.extractOutputValues()) {
            h.processBroadcastElement(new StreamRecord<>(u));
        }
        assertThat(statuses(h).subList(5, 10)).containsOnly(Status.RESOLVED);
        assertThat(alerts(h).stream().map(a -> a.fingerprint()).distinct()).hasSize(5);
        h.processElement(new StreamRecord<>(Signal.of(cluster(t(10), 5))));
        assertThat(alerts(h)).as("the deleted rule no longer fires").hasSize(10);
        ThresholdRuleTest.assertStateClearedAfterTicks(h);
    }

    @Test
    void aChangedRuleTakesEffectWithoutARestart() throws Exception {
        var h = harness(ThresholdRuleTest.RESTARTS);
        h.processElement(new StreamRecord<>(Signal.of(cluster(t(0), 1))));
        assertThat(statuses(h)).containsExactly(Status.FIRING);

        var intake = intake();
        intake.processElement(
                change(
                        "Restarts",
                        "{\"name\":\"Restarts\",\"type\":\"threshold\","
                                + "\"metric\":\"cluster.restarts\",\"comparator\":\">\","
                                + "\"threshold\":5}"),
                7);
        h.processBroadcastElement(new StreamRecord<>(intake.extractOutputValues().get(0)));
        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.RESOLVED);
        h.processElement(new StreamRecord<>(Signal.of(cluster(t(10), 3))));
        assertThat(alerts(h)).as("3 restarts are under the new threshold").hasSize(2);
        h.processElement(new StreamRecord<>(Signal.of(cluster(t(20), 6))));
        assertThat(statuses(h)).containsExactly(Status.FIRING, Status.RESOLVED, Status.FIRING);
        assertThat(alerts(h).get(2).threshold()).isEqualTo(5.0);
    }

    @Test
    void aRuleWhoseNameDiffersFromItsKeyIsRejected() throws Exception {
        var intake = intake();
        intake.processElement(change("Other", TTFT_JSON), 1);
        assertThat(ruleStatuses(intake).get(0).reason())
                .contains("differs from the record key 'Other'");
        assertThat(intake.extractOutputValues()).isEmpty();
    }

    private static OneInputStreamOperatorTestHarness<RuleChange, Tuple2<String, String>> intake()
            throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new RuleIntake(10, () -> 1_000L));
    }

    private static RuleChange change(String key, String text) {
        return RuleChange.of(key, text, "test", 1);
    }

    private static List<RuleStatus> ruleStatuses(
            OneInputStreamOperatorTestHarness<RuleChange, Tuple2<String, String>> h) {
        return h.getSideOutput(RuleIntake.STATUS).stream().map(r -> r.getValue()).toList();
    }
}
