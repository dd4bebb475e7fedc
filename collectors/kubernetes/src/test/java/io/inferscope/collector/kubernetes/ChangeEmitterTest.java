package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Dedupe by content hash, driven as an informer drives its handler. */
class ChangeEmitterTest {
    private final CollectingSink sink = new CollectingSink();
    private final KubernetesMetrics metrics = new KubernetesMetrics();
    private final ChangeEmitter emitter = new ChangeEmitter(sink, metrics);
    private final AtomicLong clock = new AtomicLong(MockCluster.T0_MS);
    private final ObjectHandler<Deployment> handler =
            new ObjectHandler<>(
                    "deployments",
                    (d, a, t) ->
                            Records.of(
                                    Kind.DEPLOYMENT,
                                    t,
                                    a,
                                    "c",
                                    d,
                                    WorkloadMapping.deployment(Views.view(d))),
                    emitter,
                    metrics,
                    clock::incrementAndGet,
                    true);

    private static Deployment deployment(String resourceVersion, int replicas, int ready) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("vllm")
                .withNamespace("ns")
                .withUid("d-uid")
                .withResourceVersion(resourceVersion)
                .addToAnnotations("deployment.kubernetes.io/revision", resourceVersion)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .endSpec()
                .withNewStatus()
                .withReadyReplicas(ready)
                .endStatus()
                .build();
    }

    @Test
    void relistAfterReconnectWithNothingChangedPublishesNothing() {
        Deployment v1 = deployment("1", 2, 1);
        handler.onAdd(v1);
        // A re-list after a reconnect: the same object at a newer resourceVersion, then resyncs.
        Deployment v2 = deployment("7", 2, 1);
        handler.onUpdate(v1, v2);
        handler.onUpdate(v2, v2);
        handler.onUpdate(v2, v2);
        assertThat(sink.records()).hasSize(1);
        assertThat(sink.records().get(0).action()).isEqualTo(Action.ADDED);
        assertThat(metrics.deduped(Kind.DEPLOYMENT)).isEqualTo(3);
        assertThat(metrics.records(Kind.DEPLOYMENT)).isEqualTo(1);
    }

    @Test
    void aChangedBodyIsPublishedEvenAfterManyDuplicates() {
        Deployment v1 = deployment("1", 2, 1);
        handler.onAdd(v1);
        handler.onUpdate(v1, v1);
        handler.onUpdate(v1, deployment("2", 2, 2));
        handler.onUpdate(v1, deployment("3", 2, 1));
        assertThat(sink.records()).extracting(r -> r.deployment().ready()).containsExactly(1, 2, 1);
    }

    @Test
    void aRefusedRecordIsRetriedByTheNextIdenticalNotification() {
        sink.refuse(true);
        Deployment v1 = deployment("1", 2, 1);
        handler.onAdd(v1);
        sink.refuse(false);
        handler.onUpdate(v1, v1); // the resync
        assertThat(sink.records()).hasSize(1);
        assertThat(emitter.tracked()).isEqualTo(1);
    }

    @Test
    void deletionIsPublishedAndForgetsTheObject() {
        Deployment v1 = deployment("1", 2, 1);
        handler.onAdd(v1);
        handler.onDelete(v1, false);
        assertThat(emitter.tracked()).isZero();
        // A new object re-using the uid would be published again (the map holds no stale entry).
        handler.onAdd(v1);
        assertThat(sink.records())
                .extracting(K8sRecord::action)
                .containsExactly(Action.ADDED, Action.DELETED, Action.ADDED);
    }

    @Test
    void theHashIgnoresTimeAndActionButNotTheBody() {
        K8sRecord a =
                Records.of(
                        Kind.DEPLOYMENT,
                        1000,
                        Action.ADDED,
                        "c",
                        deployment("1", 2, 1),
                        new K8sRecord.Deployment(2, 1, 1, 1));
        assertThat(ChangeEmitter.hash(Records.with(a, 2000, Action.UPDATED)))
                .isEqualTo(ChangeEmitter.hash(a));
        K8sRecord b =
                Records.of(
                        Kind.DEPLOYMENT,
                        1000,
                        Action.ADDED,
                        "c",
                        deployment("1", 2, 1),
                        new K8sRecord.Deployment(2, 1, 1, 2));
        assertThat(ChangeEmitter.hash(b)).isNotEqualTo(ChangeEmitter.hash(a));
    }

    @Test
    void anUnmappableObjectIsCountedNotThrown() {
        Deployment noUid = deployment("1", 2, 1);
        noUid.getMetadata().setUid(null);
        handler.onAdd(noUid);
        assertThat(sink.records()).isEmpty();
    }
}
