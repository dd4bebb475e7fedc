package io.inferscope.collector.kubernetes;

import static io.inferscope.collector.kubernetes.MockCluster.NS;
import static io.inferscope.collector.kubernetes.MockCluster.T0_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import io.inferscope.schemas.K8sRecord.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The collector against fabric8's mock API server in CRUD mode (real HTTP list and watch). */
class KubernetesCollectorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final double GI = 1024.0 * 1024 * 1024;

    private MockCluster cluster;
    private final CollectingSink sink = new CollectingSink();
    private KubernetesCollector collector;

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
        cluster.close();
        assertThat(sink.problems()).isEmpty();
    }

    private KubernetesCollectorConfig config() {
        return KubernetesCollectorConfig.defaults()
                .withCluster("test")
                .withUsageInterval(Duration.ZERO);
    }

    private void startCollector(KubernetesCollectorConfig config) {
        collector = KubernetesCollector.start(cluster.collectorClient, config, sink);
    }

    private K8sRecord await(String uid, Predicate<K8sRecord> match) throws InterruptedException {
        K8sRecord r = sink.await(x -> x.uid().equals(uid) && match.test(x), WAIT);
        assertThat(r).as("a record of %s matching; got %s", uid, sink.records()).isNotNull();
        return r;
    }

    private static String uid(HasMetadata o) {
        return o.getMetadata().getUid();
    }

    @Test
    void podLifecycleIsRecordedWithItsOwnerDeploymentTimesRestartsAndReasons() throws Exception {
        Deployment d = cluster.deployment("vllm-llama", 2);
        ReplicaSet rs = cluster.replicaSet(d, "5d8f7c9b4");
        startCollector(config());
        Pod pod = cluster.pod(rs, "x7k2p");

        K8sRecord pending = await(uid(pod), r -> r.kind() == Kind.POD);
        assertThat(pending.action()).isEqualTo(Action.ADDED);
        assertThat(pending.cluster()).isEqualTo("test");
        assertThat(pending.namespace()).isEqualTo(NS);
        assertThat(pending.name()).isEqualTo("vllm-llama-5d8f7c9b4-x7k2p");
        assertThat(pending.pod().phase()).isEqualTo(Phase.PENDING);
        assertThat(pending.pod().deployment()).isEqualTo("vllm-llama");
        assertThat(pending.pod().createdMs()).isPositive();
        assertThat(pending.pod().scheduledMs()).isNull();
        K8sRecord.Container c = pending.pod().containers().get(0);
        assertThat(c.name()).isEqualTo("vllm");
        assertThat(c.requests())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("cpu", 0.5, "memory", 2 * GI, "nvidia.com/gpu", 1.0));
        assertThat(c.limits())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("cpu", 2.0, "memory", 4 * GI, "nvidia.com/gpu", 1.0));

        cluster.bind(pod, "gpu-node-1");
        cluster.status(pod, MockCluster.scheduled());
        K8sRecord scheduled =
                await(uid(pod), r -> r.pod() != null && r.pod().scheduledMs() != null);
        assertThat(scheduled.action()).isEqualTo(Action.UPDATED);
        assertThat(scheduled.pod().node()).isEqualTo("gpu-node-1");
        assertThat(scheduled.pod().scheduledMs()).isEqualTo(T0_MS + 2_000);
        assertThat(scheduled.pod().containers().get(0).waitingReason())
                .isEqualTo("ContainerCreating");

        cluster.status(pod, MockCluster.running());
        K8sRecord running =
                await(uid(pod), r -> r.pod() != null && r.pod().phase() == Phase.RUNNING);
        assertThat(running.pod().ready()).isTrue();
        assertThat(running.pod().readyMs()).isEqualTo(T0_MS + 30_000);
        assertThat(running.pod().containers().get(0).ready()).isTrue();
        assertThat(running.pod().containers().get(0).waitingReason()).isNull();

        cluster.status(pod, MockCluster.crashLooping(1));
        cluster.status(pod, MockCluster.crashLooping(3));
        K8sRecord crashing =
                await(
                        uid(pod),
                        r -> r.pod() != null && r.pod().containers().get(0).restartCount() == 3);
        K8sRecord.Container crashed = crashing.pod().containers().get(0);
        assertThat(crashed.waitingReason()).isEqualTo("CrashLoopBackOff");
        assertThat(crashed.lastTerminatedReason()).isEqualTo("OOMKilled");
        assertThat(crashing.pod().ready()).isFalse();
        assertThat(crashing.pod().readyMs()).isNull();
        assertThat(
                        sink.matching(r -> r.uid().equals(uid(pod))).stream()
                                .map(r -> r.pod().containers().get(0).restartCount()))
                .as("restart counts only grow")
                .isSorted();

        cluster.client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete();
        K8sRecord deleted = await(uid(pod), r -> r.action() == Action.DELETED);
        assertThat(deleted.kind()).isEqualTo(Kind.POD);
        assertThat(deleted.pod().deployment()).isEqualTo("vllm-llama");
    }

    @Test
    void warningEventNamesTheDeploymentOfThePodItInvolves() throws Exception {
        Deployment d = cluster.deployment("vllm-mistral", 1);
        ReplicaSet rs = cluster.replicaSet(d, "7c4d9");
        Pod pod = cluster.pod(rs, "q2w3e");
        startCollector(config());
        cluster.backOff(pod, 1, MockCluster.T0_PLUS_30S);

        K8sRecord first = await(null, pod, 1);
        assertThat(first.kind()).isEqualTo(Kind.EVENT);
        K8sRecord.Event e = first.event();
        assertThat(e.isWarning()).isTrue();
        assertThat(e.reason()).isEqualTo("BackOff");
        assertThat(e.message()).contains("Back-off restarting");
        assertThat(e.involvedKind()).isEqualTo("Pod");
        assertThat(e.involvedName()).isEqualTo(pod.getMetadata().getName());
        assertThat(e.involvedUid()).isEqualTo(uid(pod));
        assertThat(e.deployment()).isEqualTo("vllm-mistral");
        assertThat(e.firstMs()).isEqualTo(T0_MS + 30_000);
        assertThat(e.lastMs()).isEqualTo(T0_MS + 30_000);

        cluster.backOff(pod, 4, MockCluster.T0_PLUS_60S);
        K8sRecord again = await(first.uid(), pod, 4);
        assertThat(again.action()).isEqualTo(Action.UPDATED);
        assertThat(again.event().lastMs()).isEqualTo(T0_MS + 60_000);

        // An event's deletion is its expiry, not a change of state: nothing is published.
        cluster.client.v1().events().inNamespace(NS).withName(first.name()).delete();
        cluster.client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete();
        await(uid(pod), r -> r.action() == Action.DELETED);
        assertThat(sink.matching(r -> r.kind() == Kind.EVENT && r.action() == Action.DELETED))
                .isEmpty();
    }

    private K8sRecord await(String eventUid, Pod pod, int count) throws InterruptedException {
        K8sRecord r =
                sink.await(
                        x ->
                                x.kind() == Kind.EVENT
                                        && (eventUid == null || x.uid().equals(eventUid))
                                        && uid(pod).equals(x.event().involvedUid())
                                        && Integer.valueOf(count).equals(x.event().count()),
                        WAIT);
        assertThat(r).as("an event of count %d; got %s", count, sink.records()).isNotNull();
        return r;
    }

    @Test
    void deploymentHpaAndQuotaRecordsCarryCountsAndBaseUnits() throws Exception {
        startCollector(config());
        Deployment d = cluster.deployment("vllm-qwen", 3);
        K8sRecord created = await(uid(d), r -> r.kind() == Kind.DEPLOYMENT);
        assertThat(created.deployment()).isEqualTo(new K8sRecord.Deployment(3, 0, 0, 0));

        Deployment current =
                cluster.client.apps().deployments().inNamespace(NS).withName("vllm-qwen").get();
        current.setStatus(
                new DeploymentStatusBuilder()
                        .withReplicas(3)
                        .withReadyReplicas(2)
                        .withAvailableReplicas(2)
                        .withUpdatedReplicas(3)
                        .build());
        cluster.client.apps().deployments().inNamespace(NS).resource(current).updateStatus();
        K8sRecord rolled = await(uid(d), r -> r.deployment().ready() == 2);
        assertThat(rolled.deployment()).isEqualTo(new K8sRecord.Deployment(3, 2, 2, 3));
        assertThat(rolled.owningDeployment()).isEqualTo("vllm-qwen");

        HorizontalPodAutoscaler hpa = cluster.hpa("vllm-qwen", 1, 8, 3, 5);
        K8sRecord h = await(uid(hpa), r -> r.kind() == Kind.HPA);
        assertThat(h.hpa()).isEqualTo(new K8sRecord.Hpa("vllm-qwen", 1, 8, 3, 5));

        ResourceQuota quota = cluster.quota("gpu-quota");
        K8sRecord q = await(uid(quota), r -> r.kind() == Kind.QUOTA);
        assertThat(q.quota().hard())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("requests.nvidia.com/gpu", 8.0, "limits.memory", 64 * GI));
        assertThat(q.quota().used())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("requests.nvidia.com/gpu", 3.0, "limits.memory", 12 * GI));

        cluster.client.apps().deployments().inNamespace(NS).withName("vllm-qwen").delete();
        K8sRecord gone = await(uid(d), r -> r.action() == Action.DELETED);
        assertThat(gone.deployment().desired()).isEqualTo(3);
    }

    @Test
    void resyncOfUnchangedObjectsPublishesNothing() throws Exception {
        Deployment d = cluster.deployment("vllm-phi", 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "66f9"), "a1b2c");
        startCollector(config().withResync(Duration.ofSeconds(1)));
        await(uid(pod), r -> r.kind() == Kind.POD);
        await(uid(d), r -> r.kind() == Kind.DEPLOYMENT);
        int before = sink.records().size();
        // One resync replays the pod and the deployment to the handlers.
        waitFor(() -> collector.metrics().dedupedTotal() >= 2);
        assertThat(collector.metrics().deduped(Kind.POD)).isPositive();
        assertThat(sink.records()).hasSize(before);
    }

    @Test
    void metadataOnlyChangesPublishNothingButARealChangeDoes() throws Exception {
        Deployment d = cluster.deployment("vllm-phi", 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "66f9"), "a1b2c");
        startCollector(config().withResync(Duration.ZERO));
        await(uid(pod), r -> r.kind() == Kind.POD);
        int before = sink.records().size();

        // An annotation and a label change the resourceVersion but nothing a record carries.
        cluster.client
                .pods()
                .inNamespace(NS)
                .withName(pod.getMetadata().getName())
                .edit(
                        p -> {
                            p.getMetadata().getAnnotations().put("touched", "yes");
                            p.getMetadata().getLabels().put("team", "serving");
                            return p;
                        });
        waitFor(() -> collector.metrics().deduped(Kind.POD) >= 1);
        assertThat(sink.records()).hasSize(before);

        cluster.status(pod, MockCluster.running());
        await(uid(pod), r -> r.pod() != null && r.pod().phase() == Phase.RUNNING);
        assertThat(sink.records()).hasSize(before + 1);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within %s", WAIT).isTrue();
    }

    @Test
    void onlyTheConfiguredNamespacesAreWatched() throws Exception {
        cluster.client
                .apps()
                .deployments()
                .inNamespace("other")
                .resource(
                        new DeploymentBuilder()
                                .withNewMetadata()
                                .withName("elsewhere")
                                .withNamespace("other")
                                .endMetadata()
                                .withNewSpec()
                                .withReplicas(1)
                                .endSpec()
                                .build())
                .create();
        Deployment mine = cluster.deployment("mine", 1);
        startCollector(config().withNamespaces(List.of(NS)));
        await(uid(mine), r -> r.kind() == Kind.DEPLOYMENT);
        assertThat(sink.matching(r -> !NS.equals(r.namespace()))).isEmpty();
    }

    @Test
    void aRefusedRecordIsPublishedAgainOnTheNextResync() throws Exception {
        sink.refuse(true);
        startCollector(config().withResync(Duration.ofSeconds(1)));
        Deployment d = cluster.deployment("vllm-refused", 1);
        waitFor(() -> collector.metrics().refusedTotal() >= 1);
        sink.refuse(false);
        K8sRecord later = await(uid(d), r -> r.kind() == Kind.DEPLOYMENT);
        assertThat(later.deployment().desired()).isEqualTo(1);
    }

    @Test
    void forbiddenResourceFailsTheStartPointingAtRbac() {
        cluster.server
                .expect()
                .get()
                .withPath("/apis/apps/v1/replicasets?limit=1")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("Forbidden")
                                .withCode(403)
                                .build())
                .always();
        assertThatThrownBy(() -> startCollector(config()))
                .isInstanceOf(KubernetesCollectorException.class)
                .hasMessageStartingWith("forbidden to list/watch replicasets")
                .hasMessageContaining("RBAC");
    }

    @Test
    void anUnservedHpaApiIsSkippedAndTheRestIsWatched() throws Exception {
        cluster.server
                .expect()
                .get()
                .withPath("/apis/autoscaling/v2/horizontalpodautoscalers?limit=1")
                .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build())
                .always();
        startCollector(config());
        Deployment d = cluster.deployment("vllm-old-cluster", 1);
        await(uid(d), r -> r.kind() == Kind.DEPLOYMENT);
        assertThat(collector.watching()).isTrue();
        assertThat(collector.metrics().watchedResources())
                .containsExactlyInAnyOrder(
                        "replicasets", "pods", "deployments", "resourcequotas", "events");
    }

    @Test
    void unreachableApiServerFailsTheStartWithOneLine() {
        int port = cluster.server.getPort();
        cluster.close();
        cluster = MockCluster.start(); // for @AfterEach; the collector talks to the dead port
        Config c =
                new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + port)
                        .withRequestRetryBackoffLimit(0)
                        .build();
        long t0 = System.nanoTime();
        try (var dead =
                new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(c).build()) {
            assertThatThrownBy(() -> KubernetesCollector.start(dead, config(), sink))
                    .isInstanceOf(KubernetesCollectorException.class)
                    .hasMessageStartingWith(
                            "cannot reach the Kubernetes API server at http://127.0.0.1:" + port)
                    .hasMessageNotContaining("\n");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }
}
