package io.inferscope.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import io.inferscope.schemas.K8sRecord.Phase;
import io.inferscope.schemas.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

class K8sObjectsTest {
    private static final SimDeployment DEP = SimDeployment.DEMO;
    private static final long T0 = 1_773_756_300_000L;
    private static final long CREATED = T0 - 600_000;

    private static PodState running(String name, int node) {
        return PodState.running(
                name,
                DEP.uid("Pod", name),
                "node-" + node,
                CREATED,
                CREATED + 1_000,
                CREATED + 60_000);
    }

    private static K8sRecord roundTrip(K8sRecord r) throws Exception {
        var codec = Topics.RAW_K8S.codec();
        K8sRecord back = codec.decode(codec.encode(r));
        assertThat(back).isEqualTo(r);
        return back;
    }

    @Test
    void runningPodCarriesNodeTimesAndGpuRequests() throws Exception {
        K8sRecord r = roundTrip(K8sObjects.pod(DEP, running("llama-7b-0", 0), Action.ADDED, T0));

        assertThat(r.kind()).isEqualTo(Kind.POD);
        assertThat(r.name()).isEqualTo("llama-7b-0");
        assertThat(r.namespace()).isEqualTo("demo");
        assertThat(r.cluster()).isEqualTo("local");
        assertThat(r.owningDeployment()).isEqualTo("llm-chat");
        assertThat(r.pod().phase()).isEqualTo(Phase.RUNNING);
        assertThat(r.pod().ready()).isTrue();
        assertThat(r.pod().node()).isEqualTo("node-0");
        assertThat(r.pod().scheduledMs() - r.pod().createdMs()).isEqualTo(1_000);
        K8sRecord.Container c = r.pod().containers().get(0);
        assertThat(c.requests()).containsEntry("nvidia.com/gpu", 1.0);
        assertThat(c.limits()).containsEntry("nvidia.com/gpu", 1.0);
    }

    @Test
    void crashLoopingPodCountsRestartsAndWaitsInBackOff() throws Exception {
        PodState p = running("llama-7b-1", 1).crashed().crashed();

        K8sRecord r = roundTrip(K8sObjects.pod(DEP, p, Action.UPDATED, T0));

        K8sRecord.Container c = r.pod().containers().get(0);
        assertThat(c.restartCount()).isEqualTo(2);
        assertThat(c.waitingReason()).isEqualTo("CrashLoopBackOff");
        assertThat(c.lastTerminatedReason()).isEqualTo("Error");
        assertThat(c.ready()).isFalse();
        assertThat(r.pod().ready()).isFalse();
        assertThat(r.pod().phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void pendingPodHasNoNodeUntilScheduled() throws Exception {
        PodState pending = PodState.pending("llama-7b-3", DEP.uid("Pod", "llama-7b-3"), T0);
        PodState scheduled = pending.scheduled("node-3", T0 + 20_000);

        K8sRecord before = roundTrip(K8sObjects.pod(DEP, pending, Action.ADDED, T0));
        K8sRecord after = roundTrip(K8sObjects.pod(DEP, scheduled, Action.UPDATED, T0 + 20_000));

        assertThat(before.pod().phase()).isEqualTo(Phase.PENDING);
        assertThat(before.pod().node()).isNull();
        assertThat(before.pod().scheduledMs()).isNull();
        assertThat(after.pod().node()).isEqualTo("node-3");
        assertThat(after.pod().scheduledMs() - after.pod().createdMs()).isEqualTo(20_000);
        assertThat(after.pod().containers().get(0).waitingReason()).isEqualTo("ContainerCreating");
    }

    @Test
    void deploymentStatusCountsReadyPods() throws Exception {
        List<PodState> pods =
                List.of(
                        running("llama-7b-0", 0),
                        running("llama-7b-1", 1).crashed(),
                        running("llama-7b-2", 2),
                        PodState.pending("llama-7b-3", "u3", T0));

        K8sRecord.Deployment d = roundTrip(K8sObjects.deployment(DEP, 4, pods, T0)).deployment();

        assertThat(d.desired()).isEqualTo(4);
        assertThat(d.ready()).isEqualTo(2);
        assertThat(d.available()).isEqualTo(2);
        assertThat(d.updated()).isEqualTo(4);
    }

    @Test
    void hpaAndQuotaDescribeTheScaleUp() throws Exception {
        List<PodState> pods =
                List.of(
                        running("llama-7b-0", 0),
                        running("llama-7b-1", 1),
                        running("llama-7b-2", 2),
                        PodState.pending("llama-7b-3", "u3", T0));

        K8sRecord.Hpa hpa = roundTrip(K8sObjects.hpa(DEP, 3, 6, 4, 4, T0)).hpa();
        K8sRecord.Quota quota = roundTrip(K8sObjects.quota(DEP, 6, pods, T0)).quota();

        assertThat(hpa.targetDeployment()).isEqualTo("llm-chat");
        assertThat(hpa.min()).isEqualTo(3);
        assertThat(hpa.max()).isEqualTo(6);
        assertThat(hpa.desired()).isEqualTo(4);
        assertThat(quota.hard()).containsEntry("requests.nvidia.com/gpu", 6.0);
        assertThat(quota.used()).containsEntry("requests.nvidia.com/gpu", 4.0);
    }

    @Test
    void repeatedEventKeepsItsUidAndCountsUp() throws Exception {
        EventState first =
                new EventState(
                        "llama-7b-1.abc",
                        "e-1",
                        "Warning",
                        "BackOff",
                        "Back-off",
                        "Pod",
                        "llama-7b-1",
                        "p-1",
                        1,
                        T0,
                        T0);
        EventState again = first.repeated(T0 + 10_000, "Back-off");

        K8sRecord a = roundTrip(K8sObjects.event(DEP, first, T0));
        K8sRecord b = roundTrip(K8sObjects.event(DEP, again, T0 + 10_000));

        assertThat(a.action()).isEqualTo(Action.ADDED);
        assertThat(b.action()).isEqualTo(Action.UPDATED);
        assertThat(b.uid()).isEqualTo(a.uid());
        assertThat(b.event().count()).isEqualTo(2);
        assertThat(b.event().firstMs()).isEqualTo(T0);
        assertThat(b.event().lastMs()).isEqualTo(T0 + 10_000);
        assertThat(b.event().isWarning()).isTrue();
        assertThat(b.owningDeployment()).isEqualTo("llm-chat");
    }

    @Test
    void usageRisesWithLoad() throws Exception {
        K8sRecord idle = roundTrip(K8sObjects.usage(DEP, running("llama-7b-0", 0), 0, 5_000, T0));
        K8sRecord busy = roundTrip(K8sObjects.usage(DEP, running("llama-7b-0", 0), 1, 5_000, T0));

        assertThat(busy.usage().cpuCores()).isGreaterThan(idle.usage().cpuCores());
        assertThat(busy.usage().memoryBytes()).isGreaterThan(idle.usage().memoryBytes());
        assertThat(busy.usage().pod()).isEqualTo("llama-7b-0");
        assertThat(busy.usage().container()).isEqualTo("vllm");
    }
}
