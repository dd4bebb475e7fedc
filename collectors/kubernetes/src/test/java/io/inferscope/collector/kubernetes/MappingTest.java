package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Phase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure mapping functions: API objects in, record bodies out. */
class MappingTest {
    private static final long T0 = MockCluster.T0_MS;

    private static Pod pod(PodStatus status) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("ns")
                .withUid("u")
                .withCreationTimestamp(MockCluster.T0)
                .withResourceVersion("1")
                .endMetadata()
                .withNewSpec()
                .withNodeName("n1")
                .addNewContainer()
                .withName("vllm")
                .withNewResources()
                .addToRequests("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("2Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .withStatus(status)
                .build();
    }

    @Test
    void podBodyCarriesConditionTimesRestartsReasonsAndResources() {
        K8sRecord.Pod body =
                PodMapping.body(Views.view(pod(MockCluster.crashLooping(5))), "vllm-llama");
        assertThat(body.phase()).isEqualTo(Phase.RUNNING);
        assertThat(body.ready()).isFalse();
        assertThat(body.node()).isEqualTo("n1");
        assertThat(body.deployment()).isEqualTo("vllm-llama");
        assertThat(body.createdMs()).isEqualTo(T0);
        assertThat(body.scheduledMs()).isEqualTo(T0 + 2_000);
        assertThat(body.readyMs()).as("Ready is False: no ready time").isNull();
        K8sRecord.Container c = body.containers().get(0);
        assertThat(c.restartCount()).isEqualTo(5);
        assertThat(c.waitingReason()).isEqualTo("CrashLoopBackOff");
        assertThat(c.lastTerminatedReason()).isEqualTo("OOMKilled");
        assertThat(c.requests()).containsExactly(Map.entry("cpu", 0.5));
        assertThat(c.limits()).containsExactly(Map.entry("memory", 2_147_483_648.0));
    }

    @Test
    void readyPodHasItsReadyTime() {
        K8sRecord.Pod body = PodMapping.body(Views.view(pod(MockCluster.running())), null);
        assertThat(body.ready()).isTrue();
        assertThat(body.readyMs()).isEqualTo(T0 + 30_000);
        assertThat(body.containers().get(0).restartCount()).isZero();
    }

    @Test
    void podWithoutStatusIsPendingAndAnUnknownPhaseIsUnknown() {
        assertThat(PodMapping.body(Views.view(pod(null)), null).phase()).isEqualTo(Phase.PENDING);
        assertThat(PodMapping.phase("Evicted")).isEqualTo(Phase.UNKNOWN);
        assertThat(PodMapping.phase("Succeeded")).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    void heartbeatOnlyChangesMapToAnEqualBody() {
        Pod a = pod(MockCluster.running());
        Pod b = pod(MockCluster.running());
        b.getMetadata().setResourceVersion("2");
        b.getStatus().getConditions().forEach(c -> c.setLastProbeTime("2026-01-01T01:00:00Z"));
        assertThat(PodMapping.body(Views.view(b), "d"))
                .isEqualTo(PodMapping.body(Views.view(a), "d"));
    }

    @Test
    void deploymentDefaultsToOneDesiredReplicaAndZeroCounts() {
        var d =
                new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("d")
                        .endMetadata()
                        .withNewSpec()
                        .endSpec()
                        .build();
        assertThat(WorkloadMapping.deployment(Views.view(d)))
                .isEqualTo(new K8sRecord.Deployment(1, 0, 0, 0));
    }

    @Test
    void quotaFallsBackToSpecHardBeforeTheControllerFilledStatus() {
        var q =
                new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("q")
                        .endMetadata()
                        .withNewSpec()
                        .addToHard("requests.cpu", new Quantity("8"))
                        .endSpec()
                        .build();
        K8sRecord.Quota body = WorkloadMapping.quota(Views.view(q));
        assertThat(body.hard()).containsExactly(Map.entry("requests.cpu", 8.0));
        assertThat(body.used()).isEmpty();
    }

    @Test
    void eventsWrittenWithEventTimeAndSeriesStillHaveTimesAndCount() {
        var e =
                new EventBuilder()
                        .withNewMetadata()
                        .withName("e")
                        .withCreationTimestamp(MockCluster.T0_PLUS_60S)
                        .endMetadata()
                        .withType("Warning")
                        .withReason("FailedScheduling")
                        .withMessage("x".repeat(5000))
                        .withEventTime(new MicroTime("2026-01-01T00:00:02.500000Z"))
                        .withNewSeries()
                        .withCount(7)
                        .withLastObservedTime(new MicroTime("2026-01-01T00:00:30.000000Z"))
                        .endSeries()
                        .build();
        K8sRecord.Event body = EventMapping.body(Views.view(e), null);
        assertThat(body.firstMs()).isEqualTo(T0 + 2_500);
        assertThat(body.lastMs()).isEqualTo(T0 + 30_000);
        assertThat(body.count()).isEqualTo(7);
        assertThat(body.message()).hasSize(EventMapping.MAX_MESSAGE_CHARS);
        assertThat(body.involvedKind()).isNull();
    }

    @Test
    void timesParseRfc3339WithOrWithoutFractionsAndRejectGarbage() {
        assertThat(Times.parse("2026-01-01T00:00:00Z")).isEqualTo(T0);
        assertThat(Times.parse("2026-01-01T00:00:00.123456Z")).isEqualTo(T0 + 123);
        assertThat(Times.parse("2026-01-01T01:00:00+01:00")).isEqualTo(T0);
        assertThat(Times.parse("yesterday")).isNull();
        assertThat(Times.parse(null)).isNull();
        assertThat(Times.parse("1970-01-01T00:00:00Z")).isNull();
    }
}
