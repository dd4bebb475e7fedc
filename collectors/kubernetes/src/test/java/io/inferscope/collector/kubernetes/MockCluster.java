package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode, on loopback: a real HTTP server that stores what is
 * created, serves list and watch, and sends watch events on every change. {@code new
 * KubernetesMockServer(true)} would only replay expectations; the {@link KubernetesMixedDispatcher}
 * answers expectations first (used for metrics.k8s.io) and hands everything else to its {@code
 * KubernetesCrudDispatcher}. The server assigns uids and resourceVersions itself, so owner
 * references are built from the created objects.
 */
final class MockCluster implements AutoCloseable {
    static final String NS = "inference";
    static final String T0 = "2026-01-01T00:00:00Z";
    static final String T0_PLUS_2S = "2026-01-01T00:00:02Z";
    static final String T0_PLUS_30S = "2026-01-01T00:00:30Z";
    static final String T0_PLUS_60S = "2026-01-01T00:01:00Z";
    static final long T0_MS = 1_767_225_600_000L;

    static {
        // The mock server logs every request at INFO through java.util.logging.
        Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
    }

    final KubernetesMockServer server;

    /** Writes the test's objects (fabric8's typed model). */
    final NamespacedKubernetesClient client;

    /** The collector's client, as the command builds it ({@link KubeClients}). */
    final KubernetesClient collectorClient;

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        // Retries as the command configures them (fabric8's default of 10 takes minutes on a 503).
        this.client =
                server.createClient(
                        b ->
                                b.editOrNewConfig()
                                        .withRequestRetryBackoffLimit(KubeClients.REQUEST_RETRIES)
                                        .endConfig());
        this.collectorClient = KubeClients.create(client.getConfiguration());
    }

    static MockCluster start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new MockCluster(server);
    }

    Deployment deployment(String name, int replicas) {
        return client.apps()
                .deployments()
                .inNamespace(NS)
                .resource(
                        new DeploymentBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(NS)
                                .endMetadata()
                                .withNewSpec()
                                .withReplicas(replicas)
                                .endSpec()
                                .build())
                .create();
    }

    ReplicaSet replicaSet(Deployment owner, String hash) {
        return client.apps()
                .replicaSets()
                .inNamespace(NS)
                .resource(
                        new ReplicaSetBuilder()
                                .withNewMetadata()
                                .withName(owner.getMetadata().getName() + "-" + hash)
                                .withNamespace(NS)
                                .addToLabels(Owners.POD_TEMPLATE_HASH, hash)
                                .addToOwnerReferences(
                                        new OwnerReferenceBuilder()
                                                .withApiVersion("apps/v1")
                                                .withKind("Deployment")
                                                .withName(owner.getMetadata().getName())
                                                .withUid(owner.getMetadata().getUid())
                                                .withController(true)
                                                .build())
                                .endMetadata()
                                .build())
                .create();
    }

    /** A pending, unscheduled pod of the ReplicaSet with one GPU container. */
    Pod pod(ReplicaSet owner, String suffix) {
        String hash = owner.getMetadata().getLabels().get(Owners.POD_TEMPLATE_HASH);
        return client.pods()
                .inNamespace(NS)
                .resource(
                        new PodBuilder()
                                .withNewMetadata()
                                .withName(owner.getMetadata().getName() + "-" + suffix)
                                .withNamespace(NS)
                                .addToLabels(Owners.POD_TEMPLATE_HASH, hash)
                                .addToOwnerReferences(
                                        new OwnerReferenceBuilder()
                                                .withApiVersion("apps/v1")
                                                .withKind("ReplicaSet")
                                                .withName(owner.getMetadata().getName())
                                                .withUid(owner.getMetadata().getUid())
                                                .withController(true)
                                                .build())
                                .endMetadata()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("vllm")
                                .withImage("vllm/vllm-openai")
                                .withNewResources()
                                .addToRequests("cpu", new Quantity("500m"))
                                .addToRequests("memory", new Quantity("2Gi"))
                                .addToRequests("nvidia.com/gpu", new Quantity("1"))
                                .addToRequests("ephemeral-storage", new Quantity("1Gi"))
                                .addToLimits("cpu", new Quantity("2"))
                                .addToLimits("memory", new Quantity("4Gi"))
                                .addToLimits("nvidia.com/gpu", new Quantity("1"))
                                .endResources()
                                .endContainer()
                                .endSpec()
                                .withStatus(new PodStatusBuilder().withPhase("Pending").build())
                                .build())
                .create();
    }

    /** Replaces the pod's status (the PUT a kubelet would do) and returns the stored pod. */
    Pod status(Pod pod, PodStatus status) {
        Pod current = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        current.setStatus(status);
        return client.pods().inNamespace(NS).resource(current).updateStatus();
    }

    /** Binds the pod to a node, as the scheduler does. */
    Pod bind(Pod pod, String node) {
        return client.pods()
                .inNamespace(NS)
                .withName(pod.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editSpec().withNodeName(node).endSpec().build());
    }

    static PodStatus scheduled() {
        return new PodStatusBuilder()
                .withPhase("Pending")
                .addToConditions(condition("PodScheduled", "True", T0_PLUS_2S))
                .addToContainerStatuses(
                        container(0, false)
                                .withNewState()
                                .withNewWaiting()
                                .withReason("ContainerCreating")
                                .endWaiting()
                                .endState()
                                .build())
                .build();
    }

    static PodStatus running() {
        return new PodStatusBuilder()
                .withPhase("Running")
                .addToConditions(condition("PodScheduled", "True", T0_PLUS_2S))
                .addToConditions(condition("Ready", "True", T0_PLUS_30S))
                .addToContainerStatuses(
                        container(0, true)
                                .withNewState()
                                .withNewRunning()
                                .withStartedAt(T0_PLUS_30S)
                                .endRunning()
                                .endState()
                                .build())
                .build();
    }

    /** Restarting after an OOM kill, waiting in CrashLoopBackOff. */
    static PodStatus crashLooping(int restarts) {
        return new PodStatusBuilder()
                .withPhase("Running")
                .addToConditions(condition("PodScheduled", "True", T0_PLUS_2S))
                .addToConditions(condition("Ready", "False", T0_PLUS_60S))
                .addToContainerStatuses(
                        container(restarts, false)
                                .withNewState()
                                .withNewWaiting()
                                .withReason("CrashLoopBackOff")
                                .endWaiting()
                                .endState()
                                .withNewLastState()
                                .withNewTerminated()
                                .withReason("OOMKilled")
                                .withExitCode(137)
                                .endTerminated()
                                .endLastState()
                                .build())
                .build();
    }

    private static ContainerStatusBuilder container(int restarts, boolean ready) {
        return new ContainerStatusBuilder()
                .withName("vllm")
                .withImage("vllm/vllm-openai")
                .withRestartCount(restarts)
                .withReady(ready);
    }

    private static PodCondition condition(String type, String status, String time) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withLastTransitionTime(time)
                .withLastProbeTime(time)
                .build();
    }

    Event backOff(Pod pod, int count, String last) {
        return client.v1()
                .events()
                .inNamespace(NS)
                .resource(
                        new EventBuilder()
                                .withNewMetadata()
                                .withName(pod.getMetadata().getName() + ".backoff")
                                .withNamespace(NS)
                                .endMetadata()
                                .withType("Warning")
                                .withReason("BackOff")
                                .withMessage("Back-off restarting failed container vllm")
                                .withNewInvolvedObject()
                                .withKind("Pod")
                                .withName(pod.getMetadata().getName())
                                .withNamespace(NS)
                                .withUid(pod.getMetadata().getUid())
                                .endInvolvedObject()
                                .withCount(count)
                                .withFirstTimestamp(T0_PLUS_30S)
                                .withLastTimestamp(last)
                                .build())
                .createOr(NonDeletingOperation::update);
    }

    HorizontalPodAutoscaler hpa(String target, int min, int max, int current, int desired) {
        return client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(NS)
                .resource(
                        new HorizontalPodAutoscalerBuilder()
                                .withNewMetadata()
                                .withName(target)
                                .withNamespace(NS)
                                .endMetadata()
                                .withNewSpec()
                                .withNewScaleTargetRef()
                                .withApiVersion("apps/v1")
                                .withKind("Deployment")
                                .withName(target)
                                .endScaleTargetRef()
                                .withMinReplicas(min)
                                .withMaxReplicas(max)
                                .endSpec()
                                .withNewStatus()
                                .withCurrentReplicas(current)
                                .withDesiredReplicas(desired)
                                .endStatus()
                                .build())
                .create();
    }

    ResourceQuota quota(String name) {
        return client.resourceQuotas()
                .inNamespace(NS)
                .resource(
                        new ResourceQuotaBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(NS)
                                .endMetadata()
                                .withNewSpec()
                                .addToHard("requests.nvidia.com/gpu", new Quantity("8"))
                                .addToHard("limits.memory", new Quantity("64Gi"))
                                .endSpec()
                                .withNewStatus()
                                .addToHard("requests.nvidia.com/gpu", new Quantity("8"))
                                .addToHard("limits.memory", new Quantity("64Gi"))
                                .addToUsed("requests.nvidia.com/gpu", new Quantity("3"))
                                .addToUsed("limits.memory", new Quantity("12Gi"))
                                .endStatus()
                                .build())
                .create();
    }

    @Override
    public void close() {
        collectorClient.close();
        client.close();
        server.destroy();
    }
}
