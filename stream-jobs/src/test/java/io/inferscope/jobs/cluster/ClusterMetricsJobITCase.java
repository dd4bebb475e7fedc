package io.inferscope.jobs.cluster;

import static io.inferscope.jobs.cluster.K8sFixtures.container;
import static io.inferscope.jobs.cluster.K8sFixtures.deployment;
import static io.inferscope.jobs.cluster.K8sFixtures.event;
import static io.inferscope.jobs.cluster.K8sFixtures.hpa;
import static io.inferscope.jobs.cluster.K8sFixtures.pod;
import static io.inferscope.jobs.cluster.K8sFixtures.quota;
import static io.inferscope.jobs.cluster.K8sFixtures.running;
import static io.inferscope.jobs.cluster.K8sFixtures.usage;
import static io.inferscope.jobs.common.JobIt.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobIt;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import io.inferscope.schemas.K8sRecord.Phase;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster job on a MiniCluster (parallelism 2) against a real broker, unbounded as in
 * production: one deployment's pods, replicas, HPA, quota, usage and events over four windows, then
 * a record far ahead on each partition moves the watermark through 60 s. The six windows of the
 * deployment (three of them with nothing new: gauges) hold exactly the hand-computed values; a
 * malformed record becomes a dead letter. Output read_committed.
 */
class ClusterMetricsJobITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = JobIt.miniCluster();

    @Test
    void oneDeploymentGivesExactlyTheExpectedWindowsIncludingQuietOnes() throws Exception {
        final long t0 = JobIt.recentT0();
        JobConfig config =
                JobIt.config(KAFKA, "cluster").stuckAfter(Duration.ofSeconds(20)).build();
        TopicSpec<K8sRecord> raw = JobIt.topic(KAFKA, "it.k8s.raw", K8sRecord.class, 2);
        TopicSpec<ClusterMetrics> metrics =
                JobIt.topic(KAFKA, "it.k8s.metrics", ClusterMetrics.class, 2);
        TopicSpec<DeadLetter> dead = JobIt.topic(KAFKA, "it.k8s.deadletter", DeadLetter.class, 1);

        List<ProducerRecord<byte[], byte[]>> in = new ArrayList<>();
        // Partition 0, in time order.
        add(in, raw, 0, deployment(t0 + 1_000, Action.ADDED, 2, 1));
        add(in, raw, 0, hpa(t0 + 1_000, 1, 4, 2, 2));
        add(in, raw, 0, running(t0 + 2_000, Action.ADDED, "a", t0 - 600_000, 3));
        add(in, raw, 0, usage(t0 + 4_000, "a", "server", 1.0, 2_000_000_000L));
        add(in, raw, 0, running(t0 + 12_000, Action.UPDATED, "a", t0 - 600_000, 4)); // +1
        add(in, raw, 0, deployment(t0 + 15_000, Action.UPDATED, 3, 1));
        add(in, raw, 0, event(t0 + 15_000, "e2", "Normal", "ScalingReplicaSet", 1));
        add(in, raw, 0, running(t0 + 32_000, Action.DELETED, "a", t0 - 600_000, 4));
        add(in, raw, 0, running(t0 + 32_000, Action.ADDED, "c", t0 + 31_000, 7)); // replacement
        add(in, raw, 0, clock(t0 + 60_000, "clock-0"));
        // Partition 1, in time order.
        add(
                in,
                raw,
                1,
                quota(
                        t0 + 1_000,
                        Action.ADDED,
                        "compute",
                        Map.of("cpu", 16.0, "nvidia.com/gpu", 4.0),
                        Map.of("cpu", 4.0, "nvidia.com/gpu", 2.0)));
        add(in, raw, 1, pendingB(t0, t0 + 3_000, Action.ADDED, null));
        add(in, raw, 1, event(t0 + 5_000, "e1", "Warning", "BackOff", 1));
        add(in, raw, 1, pendingB(t0, t0 + 13_000, Action.UPDATED, t0 + 12_000)); // after 9 s
        add(in, raw, 1, event(t0 + 14_000, "e1", "Warning", "BackOff", 3)); // 2 more
        in.add(
                new ProducerRecord<>(
                        raw.name(), 1, null, "{\"kind\":\"pod\"".getBytes(StandardCharsets.UTF_8)));
        add(
                in,
                raw,
                1,
                pod(
                        t0 + 33_000,
                        Action.UPDATED,
                        "b",
                        Phase.RUNNING,
                        true,
                        t0 + 3_000,
                        t0 + 12_000,
                        container("server", 0, null)));
        add(in, raw, 1, clock(t0 + 60_000, "clock-1"));
        JobIt.produce(KAFKA, in);

        StreamExecutionEnvironment env = JobIt.environment();
        new ClusterMetricsJob(
                        JobIt.source(config, raw, K8sRecord::tsMs, ClusterMetricsJob.NAME, false),
                        ClusterMetricsJob.metricsSink(config, metrics),
                        ClusterMetricsJob.deadLetterSink(config, dead),
                        config)
                .build(env);
        JobClient job = env.executeAsync("cluster-expected");
        List<ClusterMetrics> llama = new ArrayList<>();
        try {
            JobIt.await(
                    "six windows of serving/llama",
                    Duration.ofSeconds(45),
                    () -> {
                        llama.clear();
                        JobIt.readAll(KAFKA, metrics).stream()
                                .filter(m -> "llama".equals(m.labels().deployment()))
                                .forEach(llama::add);
                        return llama.size() >= 6;
                    });
        } finally {
            job.cancel().get();
        }

        assertThat(llama)
                .extracting(m -> (m.windowStartMs() - t0) / 1000)
                .containsExactlyInAnyOrder(0L, 10L, 20L, 30L, 40L, 50L);
        llama.sort((x, y) -> Long.compare(x.windowStartMs(), y.windowStartMs()));
        assertThat(llama)
                .extracting(ClusterMetrics::replicasDesired)
                .containsExactly(2, 3, 3, 3, 3, 3);
        assertThat(llama)
                .extracting(ClusterMetrics::replicasReady)
                .containsExactly(1, 1, 1, 1, 1, 1);
        assertThat(llama).extracting(ClusterMetrics::hpaMax).containsOnly(4);
        assertThat(llama)
                .extracting(ClusterMetrics::restarts)
                .containsExactly(0L, 1L, 0L, 0L, 0L, 0L);
        assertThat(llama)
                .extracting(ClusterMetrics::scalingEvents)
                .containsExactly(0L, 1L, 0L, 0L, 0L, 0L);
        // b pending since 3 s: stuck (> 20 s) at the 30 s window end; Running and Ready at 33 s.
        assertThat(llama).extracting(ClusterMetrics::stuckPods).containsExactly(0, 0, 1, 0, 0, 0);
        Map<String, Integer> runningAndPending = Map.of("Running", 1, "Pending", 1);
        assertThat(llama)
                .extracting(ClusterMetrics::podsByPhase)
                .containsExactly(
                        runningAndPending,
                        runningAndPending,
                        runningAndPending,
                        Map.of("Running", 2),
                        Map.of("Running", 2),
                        Map.of("Running", 2));
        assertThat(llama.get(0).podsByWaitingReason()).isEqualTo(Map.of("ContainerCreating", 1));
        assertThat(llama.get(3).podsByWaitingReason()).isEmpty();
        assertThat(llama)
                .extracting(m -> m.schedulingDelayMs() == null ? null : m.schedulingDelayMs().max())
                .containsExactly(null, 9_000.0, null, 500.0, null, null);
        assertThat(llama)
                .extracting(ClusterMetrics::warningEvents)
                .containsExactly(
                        Map.of("BackOff", 1L),
                        Map.of("BackOff", 2L),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of());
        assertThat(llama)
                .extracting(ClusterMetrics::quotaUsedRatio)
                .containsOnly(Map.of("compute/cpu", 0.25, "compute/nvidia.com/gpu", 0.5));
        // Resources of Running pods: a until 32 s (with usage), then b and c (no usage yet).
        assertThat(llama)
                .extracting(ClusterMetrics::cpuRequestedCores)
                .containsExactly(2.0, 2.0, 2.0, 4.0, 4.0, 4.0);
        assertThat(llama)
                .extracting(ClusterMetrics::gpuRequested)
                .containsExactly(1.0, 1.0, 1.0, 2.0, 2.0, 2.0);
        assertThat(llama)
                .extracting(ClusterMetrics::cpuUsedToRequested)
                .containsExactly(0.5, 0.5, 0.5, null, null, null);
        assertThat(llama)
                .extracting(ClusterMetrics::memoryUsedToRequested)
                .containsExactly(0.5, 0.5, 0.5, null, null, null);

        List<DeadLetter> letters = JobIt.readAll(KAFKA, dead);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).source()).isEqualTo(ClusterMetricsJob.NAME);
        assertThat(letters.get(0).partition()).isEqualTo(1);
        assertThat(letters.get(0).reason()).isNotBlank();
    }

    /** Pod b: Pending in ContainerCreating, created at 3 s. */
    private static K8sRecord pendingB(long t0, long ts, Action action, Long scheduled) {
        return pod(
                ts,
                action,
                "b",
                Phase.PENDING,
                false,
                t0 + 3_000,
                scheduled,
                container("server", 0, "ContainerCreating"));
    }

    /** A deployment in another namespace, far ahead: moves the watermark of its partition. */
    private static K8sRecord clock(long ts, String uid) {
        return new K8sRecord(
                Kind.DEPLOYMENT,
                ts,
                Action.UPDATED,
                uid,
                "c1",
                "clock",
                uid,
                null,
                new K8sRecord.Deployment(1, 1, 1, 1),
                null,
                null,
                null,
                null);
    }

    private static void add(
            List<ProducerRecord<byte[], byte[]>> in,
            TopicSpec<K8sRecord> raw,
            int partition,
            K8sRecord r) {
        in.add(record(raw, partition, r.uid(), r));
    }
}
