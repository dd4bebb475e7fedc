package io.inferscope.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {
    private static final long T0 = 1_773_756_300_000L;

    /** Keeps what was published, checking topic and key as the Publisher would route them. */
    private static final class Collecting implements RecordSink {
        final List<K8sRecord> records = new ArrayList<>();

        @Override
        public <T> boolean publish(TopicSpec<T> topic, String key, T record) {
            assertThat(topic).isSameAs(Topics.RAW_K8S);
            K8sRecord r = (K8sRecord) record;
            assertThat(key).isEqualTo(r.uid());
            records.add(r);
            return true;
        }

        List<K8sRecord> of(Kind kind) {
            return records.stream().filter(r -> r.kind() == kind).toList();
        }

        K8sRecord last(Kind kind) {
            List<K8sRecord> l = of(kind);
            return l.get(l.size() - 1);
        }
    }

    private final AtomicLong clock = new AtomicLong(T0);
    private Collecting sink;
    private SimulatedCluster cluster;

    @BeforeEach
    void start() {
        Map<String, String> pods = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            pods.put("llama-7b-" + i, "node-" + i);
        }
        sink = new Collecting();
        cluster = new SimulatedCluster(sink, SimDeployment.DEMO, pods, 6, clock::get, p -> 0.5);
        cluster.start();
    }

    @Test
    void startPublishesEveryObjectOnce() {
        assertThat(sink.of(Kind.POD)).hasSize(3).allMatch(r -> r.action() == Action.ADDED);
        assertThat(sink.of(Kind.DEPLOYMENT)).hasSize(1);
        assertThat(sink.last(Kind.DEPLOYMENT).deployment().ready()).isEqualTo(3);
        assertThat(sink.last(Kind.HPA).hpa().min()).isEqualTo(3);
        assertThat(sink.last(Kind.HPA).hpa().max()).isEqualTo(6);
        assertThat(sink.last(Kind.QUOTA).quota().hard())
                .containsEntry("requests.nvidia.com/gpu", 6.0);
    }

    @Test
    void unchangedObjectsWaitForTheResyncWhileUsageFlows() {
        int before = sink.records.size();
        clock.addAndGet(SimulatedCluster.USAGE_MS);
        cluster.tick();

        assertThat(sink.records.subList(before, sink.records.size()))
                .hasSize(3)
                .allMatch(r -> r.kind() == Kind.USAGE);

        clock.addAndGet(SimulatedCluster.RESYNC_MS);
        before = sink.records.size();
        cluster.tick();
        assertThat(sink.records.subList(before, sink.records.size()))
                .filteredOn(r -> r.kind() == Kind.POD)
                .hasSize(3)
                .allMatch(r -> r.action() == Action.UPDATED);
    }

    @Test
    void scaleUpCreatesAPendingPodThatWaitsForANode() {
        cluster.scaleUp("llama-7b-3", 3);
        clock.addAndGet(5_000);
        cluster.failedScheduling("llama-7b-3", 3);
        clock.addAndGet(15_000);
        cluster.schedule("llama-7b-3", "node-3");
        clock.addAndGet(10_000);
        cluster.containerStarted("llama-7b-3");
        cluster.ready("llama-7b-3");

        assertThat(sink.last(Kind.HPA).hpa().desired()).isEqualTo(4);
        K8sRecord added =
                sink.of(Kind.POD).stream()
                        .filter(r -> r.name().equals("llama-7b-3"))
                        .findFirst()
                        .orElseThrow();
        assertThat(added.action()).isEqualTo(Action.ADDED);
        assertThat(added.pod().node()).isNull();
        List<K8sRecord> events = sink.of(Kind.EVENT);
        assertThat(events)
                .extracting(r -> r.event().reason())
                .containsSubsequence(
                        "ScalingReplicaSet", "FailedScheduling", "FailedScheduling", "Scheduled");
        K8sRecord failed =
                events.stream()
                        .filter(r -> r.event().reason().equals("FailedScheduling"))
                        .reduce((a, b) -> b)
                        .orElseThrow();
        assertThat(failed.event().count()).isEqualTo(2);
        assertThat(failed.event().isWarning()).isTrue();
        K8sRecord.Pod last = sink.last(Kind.POD).pod();
        assertThat(last.ready()).isTrue();
        assertThat(last.scheduledMs() - last.createdMs()).isEqualTo(20_000);
        K8sRecord.Deployment d = sink.last(Kind.DEPLOYMENT).deployment();
        assertThat(d.desired()).isEqualTo(4);
        assertThat(d.ready()).isEqualTo(4);
        assertThat(sink.last(Kind.QUOTA).quota().used())
                .containsEntry("requests.nvidia.com/gpu", 4.0);
    }

    @Test
    void crashLoopRestartsTheContainerAndDropsReadyReplicasUntilRecovery() {
        cluster.crash("llama-7b-1");
        assertThat(sink.last(Kind.DEPLOYMENT).deployment().ready()).isEqualTo(2);
        clock.addAndGet(10_000);
        cluster.crash("llama-7b-1");
        clock.addAndGet(10_000);
        cluster.crash("llama-7b-1");

        K8sRecord.Container c = sink.last(Kind.POD).pod().containers().get(0);
        assertThat(c.restartCount()).isEqualTo(3);
        assertThat(c.waitingReason()).isEqualTo("CrashLoopBackOff");
        List<K8sRecord> backOffs =
                sink.of(Kind.EVENT).stream()
                        .filter(r -> r.event().reason().equals("BackOff"))
                        .toList();
        assertThat(backOffs)
                .hasSize(3)
                .extracting(K8sRecord::uid)
                .containsOnly(backOffs.get(0).uid());
        assertThat(backOffs.get(2).event().count()).isEqualTo(3);

        cluster.recover("llama-7b-1");
        K8sRecord.Pod recovered = sink.last(Kind.POD).pod();
        assertThat(recovered.ready()).isTrue();
        assertThat(recovered.containers().get(0).restartCount()).isEqualTo(3);
        assertThat(recovered.containers().get(0).waitingReason()).isNull();
        assertThat(sink.last(Kind.DEPLOYMENT).deployment().ready()).isEqualTo(3);
    }

    @Test
    void scaleDownDeletesTheExtraPod() {
        cluster.scaleUp("llama-7b-3", 3);
        cluster.schedule("llama-7b-3", "node-3");
        clock.addAndGet(60_000);
        cluster.scaleDown("llama-7b-3");

        K8sRecord deleted =
                sink.of(Kind.POD).stream()
                        .filter(r -> r.action() == Action.DELETED)
                        .findFirst()
                        .orElseThrow();
        assertThat(deleted.name()).isEqualTo("llama-7b-3");
        assertThat(sink.last(Kind.HPA).hpa().desired()).isEqualTo(3);
        assertThat(sink.last(Kind.HPA).hpa().current()).isEqualTo(3);
        assertThat(sink.last(Kind.DEPLOYMENT).deployment().desired()).isEqualTo(3);
        assertThat(sink.of(Kind.EVENT))
                .extracting(r -> r.event().message())
                .anyMatch(m -> m.startsWith("Scaled down replica set llm-chat-"));
    }
}
