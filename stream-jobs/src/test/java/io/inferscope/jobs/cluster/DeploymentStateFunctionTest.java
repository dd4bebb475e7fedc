package io.inferscope.jobs.cluster;

import static io.inferscope.jobs.cluster.K8sFixtures.KEY;
import static io.inferscope.jobs.cluster.K8sFixtures.T0;
import static io.inferscope.jobs.cluster.K8sFixtures.container;
import static io.inferscope.jobs.cluster.K8sFixtures.deployment;
import static io.inferscope.jobs.cluster.K8sFixtures.event;
import static io.inferscope.jobs.cluster.K8sFixtures.hpa;
import static io.inferscope.jobs.cluster.K8sFixtures.pod;
import static io.inferscope.jobs.cluster.K8sFixtures.running;
import static io.inferscope.jobs.cluster.K8sFixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Phase;
import io.inferscope.schemas.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeploymentStateFunctionTest {
    private static final long TTL = 30_000;

    private KeyedOneInputStreamOperatorTestHarness<String, Ingested<K8sRecord>, ClusterMetrics>
            harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        JobConfig config =
                JobConfig.builder()
                        .allowedLateness(Duration.ZERO)
                        .stuckAfter(Duration.ofSeconds(30))
                        .stateTtl(Duration.ofMillis(TTL))
                        .build();
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new DeploymentStateFunction("cluster-metrics", config, () -> T0),
                        in -> ClusterKeys.deployment(in.record),
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(K8sRecord... records) throws Exception {
        for (K8sRecord r : records) {
            harness.processElement(
                    new StreamRecord<>(Ingested.ok("raw.k8s", 0, offset++, r), r.tsMs()));
        }
    }

    /** Closes every window ending at or before {@code t}. */
    private void closeUpTo(long t) throws Exception {
        harness.processWatermark(new Watermark(t - 1));
    }

    private List<ClusterMetrics> out() {
        return harness.extractOutputValues();
    }

    @Test
    void restartsAreDeltasRobustToPodReplacementAndOutOfOrderArrival() throws Exception {
        send(
                deployment(T0 + 1_000, Action.ADDED, 1, 1),
                running(T0 + 1_000, Action.ADDED, "a", T0 - 600_000, 0),
                running(T0 + 3_000, Action.ADDED, "b", T0 + 2_500, 5), // replacement: 5 is history
                running(T0 + 4_000, Action.DELETED, "a", T0 - 600_000, 2), // not a negative
                running(T0 + 2_000, Action.UPDATED, "a", T0 - 600_000, 2), // arrives late: +2
                running(T0 + 12_000, Action.UPDATED, "b", T0 + 2_500, 6)); // +1
        closeUpTo(T0 + 20_000);

        assertThat(out()).extracting(ClusterMetrics::restarts).containsExactly(2L, 1L);
        ClusterMetrics w0 = out().get(0);
        assertThat(w0.labels()).isEqualTo(new Labels("c1", "serving", "llama", null, null, null));
        assertThat(w0.podsByPhase()).isEqualTo(Map.of("Running", 1));
        assertThat(w0.replicasDesired()).isEqualTo(1);
        // b: created 2.5 s, scheduled 3.0 s; a was scheduled long before it was first seen.
        assertThat(w0.schedulingDelayMs().count()).isEqualTo(1);
        assertThat(w0.schedulingDelayMs().max()).isEqualTo(500.0);
        assertThat(out().get(1).schedulingDelayMs()).isNull();
    }

    @Test
    void podPendingOrNotReadyLongerThanStuckAfterIsStuck() throws Exception {
        send(
                deployment(T0 + 1_000, Action.ADDED, 2, 1),
                pod(
                        T0 + 1_000,
                        Action.ADDED,
                        "p",
                        Phase.PENDING,
                        false,
                        T0 + 1_000,
                        null,
                        container("server", 0, "ContainerCreating")),
                running(T0 + 1_000, Action.ADDED, "r", T0 - 600_000, 0),
                pod(
                        T0 + 5_000,
                        Action.UPDATED,
                        "r",
                        Phase.RUNNING,
                        false,
                        T0 - 600_000,
                        T0 - 599_500,
                        container("server", 0, null)),
                running(T0 + 42_000, Action.UPDATED, "r", T0 - 600_000, 0));
        closeUpTo(T0 + 50_000);

        // Window ends 10..50 s: p pending since 1 s (stuck after 31 s), r not ready 5..42 s.
        assertThat(out()).extracting(ClusterMetrics::stuckPods).containsExactly(0, 0, 0, 2, 1);
        assertThat(out())
                .allSatisfy(
                        m ->
                                assertThat(m.podsByWaitingReason())
                                        .isEqualTo(Map.of("ContainerCreating", 1)));
        assertThat(out()).allSatisfy(m -> assertThat(m.podsByPhase()).containsEntry("Pending", 1));
        // Nothing happened in windows 2..4, yet each has its record (a gauge).
        assertThat(out())
                .extracting(ClusterMetrics::windowStartMs)
                .containsExactly(T0, T0 + 10_000, T0 + 20_000, T0 + 30_000, T0 + 40_000);
    }

    @Test
    void schedulingDelayIsBookedOnceInTheWindowThePodGotScheduled() throws Exception {
        Phase pending = Phase.PENDING;
        send(
                deployment(T0 + 500, Action.ADDED, 1, 0),
                pod(T0 + 1_000, Action.ADDED, "x", pending, false, T0 + 1_000, null),
                pod(T0 + 14_000, Action.UPDATED, "x", pending, false, T0 + 1_000, T0 + 13_500),
                pod(
                        T0 + 16_000,
                        Action.UPDATED,
                        "x",
                        Phase.RUNNING,
                        true,
                        T0 + 1_000,
                        T0 + 13_500));
        closeUpTo(T0 + 30_000);

        assertThat(out()).hasSize(3);
        assertThat(out().get(0).schedulingDelayMs()).isNull();
        assertThat(out().get(1).schedulingDelayMs().count()).isEqualTo(1);
        assertThat(out().get(1).schedulingDelayMs().min()).isEqualTo(12_500.0);
        assertThat(out().get(1).schedulingDelayMs().p50()).isCloseTo(12_500.0, within(125.0));
        assertThat(out().get(2).schedulingDelayMs()).isNull();
    }

    @Test
    void replicasHpaScalingWarningsAndResourcesOfAWindow() throws Exception {
        send(
                deployment(T0 + 500, Action.ADDED, 2, 2),
                hpa(T0 + 500, 1, 4, 2, 3),
                running(T0 + 500, Action.ADDED, "a", T0 - 600_000, 0),
                usage(T0 + 600, "a", "server", 1.0, 3_000_000_000L),
                usage(T0 + 600, "gone", "server", 9.0, 1L), // a pod that is not live: ignored
                event(T0 + 1_000, "e1", "Warning", "BackOff", 1),
                event(T0 + 2_000, "e1", "Warning", "BackOff", 3), // aggregated: 2 more
                event(T0 + 3_000, "e2", "Normal", "ScalingReplicaSet", 1),
                deployment(T0 + 3_000, Action.UPDATED, 3, 2));
        closeUpTo(T0 + 10_000);

        ClusterMetrics w = out().get(0);
        assertThat(w.replicasDesired()).isEqualTo(3);
        assertThat(w.replicasReady()).isEqualTo(2);
        assertThat(w.hpaMin()).isEqualTo(1);
        assertThat(w.hpaMax()).isEqualTo(4);
        assertThat(w.hpaCurrent()).isEqualTo(2);
        assertThat(w.hpaDesired()).isEqualTo(3);
        assertThat(w.scalingEvents()).isEqualTo(1); // one change, seen as spec and as event
        assertThat(w.warningEvents()).isEqualTo(Map.of("BackOff", 3L));
        assertThat(w.cpuRequestedCores()).isEqualTo(2.0);
        assertThat(w.cpuLimitCores()).isEqualTo(4.0);
        assertThat(w.cpuUsedCores()).isEqualTo(1.0);
        assertThat(w.cpuUsedToRequested()).isEqualTo(0.5);
        assertThat(w.memoryRequestedBytes()).isEqualTo(4_000_000_000L);
        assertThat(w.memoryUsedBytes()).isEqualTo(3_000_000_000L);
        assertThat(w.memoryUsedToRequested()).isEqualTo(0.75);
        assertThat(w.gpuRequested()).isEqualTo(1.0);
        assertThat(w.gpuLimit()).isEqualTo(1.0);
        assertThat(w.quotaUsedRatio()).isEmpty(); // joined downstream
    }

    @Test
    void deletedDeploymentWithoutPodsIsClearedAfterTheTtl() throws Exception {
        send(
                deployment(T0 + 1_000, Action.ADDED, 1, 1),
                running(T0 + 1_000, Action.ADDED, "a", T0 - 600_000, 0),
                event(T0 + 1_000, "e1", "Warning", "BackOff", 1),
                running(T0 + 21_000, Action.DELETED, "a", T0 - 600_000, 0),
                deployment(T0 + 21_000, Action.DELETED, 1, 1));
        closeUpTo(T0 + 30_000);
        assertThat(out()).hasSize(3);
        ClusterMetrics last = out().get(2);
        assertThat(last.podsByPhase()).isEmpty();
        assertThat(last.replicasDesired()).isNull();
        assertThat(harness.numKeyedStateEntries()).isPositive(); // kept for the TTL

        closeUpTo(T0 + 30_000 + TTL + 10_000);
        assertThat(out()).hasSize(3); // no gauge windows once nothing is live
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void lateRecordGoesToDeadLetter() throws Exception {
        send(deployment(T0 + 1_000, Action.ADDED, 1, 1));
        closeUpTo(T0 + 10_000);
        send(deployment(T0 + 9_000, Action.UPDATED, 5, 1));

        List<DeadLetter> dead =
                harness.getSideOutput(DeadLetters.TAG).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).startsWith("late:");
        assertThat(dead.get(0).source()).isEqualTo("cluster-metrics");
        closeUpTo(T0 + 20_000);
        assertThat(out()).extracting(ClusterMetrics::replicasDesired).containsExactly(1, 1);
        assertThat(KEY).isEqualTo(ClusterKeys.deployment(deployment(T0, Action.ADDED, 1, 1)));
    }
}
