package io.inferscope.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.RuleStatus;
import org.junit.jupiter.api.Test;

/** Reading and checking rules: each error names the field at fault, one bad rule stays alone. */
class RuleParserTest {
    @Test
    void theBundledDefaultRulesAreAllAccepted() {
        InitialRules rules = InitialRules.parse(InitialRules.bundledDefaults(), "defaults", 10, 1);

        assertThat(rules.statuses())
                .allSatisfy(
                        s ->
                                assertThat(s.status())
                                        .as(s.rule() + ": " + s.reason())
                                        .isEqualTo(RuleStatus.Status.ACCEPTED));
        assertThat(rules.rules().keySet())
                .contains(
                        "HighQueueWait",
                        "HighTimeToFirstToken",
                        "ContainerRestarting",
                        "GpuMemoryPressure",
                        "KubernetesWarningEvents",
                        "RequestMetricsAbsent",
                        "AvailabilityBudgetBurn",
                        "IdleGpusWhileQueueing");
    }

    @Test
    void aYamlSyntaxErrorFailsTheFileWithItsLine() {
        assertThatThrownBy(
                        () ->
                                InitialRules.parse(
                                        "rules:\n  - name: A\n    type: [threshold\n", "f", 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid YAML or JSON")
                .hasMessageContaining("line ");
        assertThatThrownBy(() -> InitialRules.parse("name: A\n", "f", 10, 1))
                .hasMessageContaining("'rules:' followed by a list");
    }

    @Test
    void aBadRuleIsRejectedAloneWithTheFieldAtFault() {
        String yaml =
                """
                rules:
                  - {name: Good, type: threshold, metric: cluster.restarts, comparator: ">", threshold: 0}
                  - {name: Typo, type: threshold, metric: cluster.restarts, comparator: ">", threshold: 0, fro: 2m}
                  - {name: Slow, type: threshold, metric: cluster.restarts, comparator: ">", threshold: 0, for: 2 minutes}
                  - {name: NoValue, type: threshold, metric: cluster.restarts, comparator: ">"}
                  - {name: Scoped, type: threshold, metric: cluster.restarts, comparator: ">", threshold: 0, scope: replica}
                  - {name: Good, type: absence, metric: gpu, for: 1m}
                  - {name: Tmpl, type: event, reasons: [BackOff], window: 1m, annotations: {summary: "{{ .Value }}"}}
                  - {name: Tiers, type: burn_rate, objective: 0.99, tiers: [{factor: 2, long_window: 5m, short_window: 1h}]}
                  - {name: Mixed, type: event, reasons: [BackOff], window: 1m, threshold: 3}
                  - {name: Bad, type: composite, conditions: [{metric: gpu.utilization_mean, comparator: "<", threshold: 1}]}
                """;
        InitialRules rules = InitialRules.parse(yaml, "f", 10, 1);

        assertThat(rules.rules().keySet()).containsExactly("Good");
        assertThat(rules.statuses())
                .extracting(s -> s.rule() + " " + s.reason())
                .containsExactly(
                        "Good null",
                        "Typo rules[1] $.fro: unknown field (known: "
                                + "[name, type, severity, labels, annotations, metric, comparator, threshold, for, keep_firing_for, group_by, scope, window_s, conditions, reasons, count, window, objective, good, good_ttft_ms, tiers])",
                        "Slow rules[2] $.for: must be a duration such as 30s, 5m or 1h, got \"2 minutes\"",
                        "NoValue $.threshold: a threshold rule needs a threshold",
                        "Scoped $.scope: cluster records have no scope",
                        "Good rules[5] $.name: duplicate rule name Good",
                        "Tmpl $.annotations.summary: unknown template '{{ .Value }}' (use {{ $value }}, {{ $threshold }} or {{ $labels.NAME }})",
                        "Tiers $.tiers[0]: short_window must be > 0 and < long_window",
                        "Mixed $.threshold: is not used by event rules (they use [count, reasons, window] and [annotations, for, group_by, keep_firing_for, labels])",
                        "Bad $.conditions: a composite rule needs 2 or more");
    }

    @Test
    void metricPathsAcceptUnderscoreSplitsAndMapKeys() {
        MetricPath ratio = MetricPath.compile("$.metric", "gpu.memory_used_ratio.max", false);
        assertThat(ratio.fields).containsExactly("memory_used_ratio_max");
        MetricPath crash =
                MetricPath.compile(
                        "$.metric", "cluster.pods_by_waiting_reason.CrashLoopBackOff", false);
        assertThat(crash.mapKey).isTrue();
        assertThat(
                        crash.read(
                                io.inferscope.schemas.Codecs.mapper()
                                        .valueToTree(AlertFixtures.cluster(AlertFixtures.T0, 0))))
                .as("a reason absent from the map counts 0")
                .isEqualTo(0.0);
        assertThatThrownBy(() -> MetricPath.compile("$.metric", "requests.labels.model", false))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> MetricPath.compile("$.metric", "kafka.lag", false))
                .hasMessageContaining("unknown stream 'kafka'");
    }

    @Test
    void aRuleReadsFromJsonOrYamlTheSame() {
        AlertRule fromJson =
                RuleParser.parseOne(
                        "{\"name\":\"A\",\"type\":\"event\",\"reasons\":[\"BackOff\"],\"window\":\"1m\"}");
        AlertRule fromYaml =
                RuleParser.parseOne("name: A\ntype: event\nreasons: [BackOff]\nwindow: 1m\n");
        assertThat(fromYaml).isEqualTo(fromJson);
        assertThat(fromYaml.severity()).isEqualTo(AlertRule.Severity.WARNING);
    }
}
