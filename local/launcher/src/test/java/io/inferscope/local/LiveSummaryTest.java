package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.Examples;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Topics;
import org.junit.jupiter.api.Test;

/** The live summary's request rows, from the contract's golden metrics records. */
class LiveSummaryTest {
    /** A golden example, with {@code finish_rps} set apart from {@code rps}. */
    private static RequestMetrics example(String name) throws Exception {
        for (Examples.Example e : Examples.of(Topics.METRICS_REQUESTS)) {
            if (e.resource().endsWith(name)) {
                ObjectNode json = (ObjectNode) new ObjectMapper().readTree(e.json());
                json.put("finish_rps", json.get("rps").asDouble() / 2);
                return Topics.METRICS_REQUESTS.codec().decode(json);
            }
        }
        throw new AssertionError("no example " + name);
    }

    @Test
    void aDeploymentRowShowsArrivalsAndInFlight() throws Exception {
        RequestMetrics m = example("01-deployment-model-10s.json");
        String row = LiveSummary.row(m);
        assertThat(row)
                .startsWith("  " + m.labels().deployment() + " / ")
                .contains(String.format(java.util.Locale.ROOT, " %.1f ", m.rps()))
                .contains(" " + m.inflightEnd() + "/" + m.inflightMax() + " ");
    }

    @Test
    void aReplicaRowShowsTheRequestsDispatchedToItAndItsInFlight() throws Exception {
        RequestMetrics m = example("02-replica-60s-errors.json");
        String row = LiveSummary.row(m);
        assertThat(row).startsWith("    replica " + m.labels().replica().substring(0, 10));
        assertThat(m.finishRps()).isNotEqualTo(m.rps());
        assertThat(row)
                .as("arrivals (rps), not finishes, and in-flight end/max")
                .contains(String.format(java.util.Locale.ROOT, " %.1f ", m.rps()))
                .doesNotContain(String.format(java.util.Locale.ROOT, " %.1f ", m.finishRps()))
                .contains(" " + m.inflightEnd() + "/" + m.inflightMax() + " ");
    }
}
