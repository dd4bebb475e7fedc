package io.inferscope.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotifierMetricsTest {
    @Test
    void writesPrometheusTextPerTarget() throws Exception {
        NotifierMetrics m = new NotifierMetrics();
        TargetConfig pd = TargetConfig.pagerDuty("pd", null, Secret.of("k"));
        m.register(pd);
        m.delivered(pd);
        m.retried(pd);
        m.retried(pd);
        m.failed(pd, Outcome.PERMANENT);
        m.undecodable.increment();
        StringBuilder out = new StringBuilder();

        m.write(out);

        assertThat(out.toString())
                .contains("# TYPE inferscope_notifier_delivered_total counter\n")
                .contains(
                        "inferscope_notifier_delivered_total{target=\"pd\",type=\"pagerduty\"} 1\n")
                .contains("inferscope_notifier_retries_total{target=\"pd\",type=\"pagerduty\"} 2\n")
                .contains(
                        "inferscope_notifier_failed_total{target=\"pd\",type=\"pagerduty\",reason=\"permanent\"} 1\n")
                .contains(
                        "inferscope_notifier_failed_total{target=\"pd\",type=\"pagerduty\",reason=\"exhausted\"} 0\n")
                .contains("inferscope_notifier_undecodable_records_total 1\n");
        assertThat(NotifierMetrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }
}
