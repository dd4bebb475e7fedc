package io.inferscope.jobs.cluster;

import static io.inferscope.jobs.cluster.K8sFixtures.T0;
import static io.inferscope.jobs.cluster.K8sFixtures.quota;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.Labels;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuotaJoinFunctionTest {
    private KeyedTwoInputStreamOperatorTestHarness<
                    String, ClusterMetrics, Ingested<K8sRecord>, ClusterMetrics>
            harness;

    @BeforeEach
    void open() throws Exception {
        JobConfig config = JobConfig.builder().allowedLateness(Duration.ZERO).build();
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new QuotaJoinFunction("cluster-metrics", config, () -> T0),
                        ClusterKeys::namespace,
                        in -> ClusterKeys.namespace(in.record),
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static ClusterMetrics window(long start, String deployment) {
        return new ClusterMetrics(
                start,
                start + 10_000,
                10,
                new Labels("c1", "serving", deployment, null, null, null),
                2,
                2,
                2,
                2,
                null,
                null,
                null,
                null,
                Map.of("Running", 2),
                null,
                0,
                0,
                0,
                null,
                null,
                1.0,
                2.0,
                null,
                1L,
                2L,
                null,
                0.0,
                0.0,
                null,
                null,
                null);
    }

    private void windowArrives(ClusterMetrics m) throws Exception {
        harness.processElement1(new StreamRecord<>(m, m.windowEndMs() - 1));
    }

    private void quotaArrives(K8sRecord q) throws Exception {
        harness.processElement2(new StreamRecord<>(Ingested.ok("raw.k8s", 0, 0, q), q.tsMs()));
    }

    private void watermark(long t) throws Exception {
        harness.processWatermark1(new Watermark(t));
        harness.processWatermark2(new Watermark(t));
    }

    @Test
    void everyDeploymentOfTheNamespaceGetsTheQuotaRatiosAtItsWindowEnd() throws Exception {
        quotaArrives(
                quota(
                        T0 + 1_000,
                        Action.ADDED,
                        "compute",
                        Map.of("cpu", 16.0, "nvidia.com/gpu", 4.0, "pods", 0.0),
                        Map.of("cpu", 4.0, "nvidia.com/gpu", 3.0, "pods", 0.0)));
        // The next window's update arrives before this window closes: it must not leak into it.
        quotaArrives(
                quota(
                        T0 + 12_000,
                        Action.UPDATED,
                        "compute",
                        Map.of("cpu", 16.0),
                        Map.of("cpu", 8.0)));
        windowArrives(window(T0, "llama"));
        windowArrives(window(T0, "mistral"));
        watermark(T0 + 9_999);

        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.extractOutputValues())
                .allSatisfy(
                        m ->
                                assertThat(m.quotaUsedRatio())
                                        .isEqualTo(
                                                Map.of(
                                                        "compute/cpu", 0.25,
                                                        "compute/nvidia.com/gpu", 0.75)));
        assertThat(harness.extractOutputValues())
                .extracting(m -> m.labels().deployment())
                .containsExactlyInAnyOrder("llama", "mistral");
        assertThat(harness.extractOutputValues().get(0).cpuLimitCores()).isEqualTo(2.0);

        windowArrives(window(T0 + 10_000, "llama"));
        quotaArrives(quota(T0 + 21_000, Action.DELETED, "compute", Map.of(), Map.of()));
        windowArrives(window(T0 + 20_000, "llama"));
        watermark(T0 + 29_999);

        assertThat(harness.extractOutputValues())
                .extracting(ClusterMetrics::quotaUsedRatio)
                .containsExactly(
                        Map.of("compute/cpu", 0.25, "compute/nvidia.com/gpu", 0.75),
                        Map.of("compute/cpu", 0.25, "compute/nvidia.com/gpu", 0.75),
                        Map.of("compute/cpu", 0.5),
                        Map.of());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
