package io.inferscope.bench.footprint;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects of a synthetic inference cluster, created through the API like a real one's: per
 * namespace, Deployments, one ReplicaSet each (owned by it, with the server's uid) and their
 * running pods (owned by the ReplicaSet), plus Warning events about some pods. Pods carry what a
 * vLLM pod usually has (labels, annotations, env, a volume, GPU requests, Ready conditions), about
 * 2.5 KB of JSON each, though without the managedFields a real API server adds.
 */
final class SyntheticCluster {
    static final int NAMESPACES = 10;
    static final String NODE_PREFIX = "gpu-node-";
    static final String T0 = "2026-01-01T00:00:00Z";

    private SyntheticCluster() {}

    static String namespace(int i) {
        return "team-" + i;
    }

    static void namespaces(KubernetesClient client) {
        for (int i = 0; i < NAMESPACES; i++) {
            client.namespaces()
                    .resource(
                            new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(namespace(i))
                                    .endMetadata()
                                    .build())
                    .create();
        }
    }

    /** Creates the deployment {@code name} with its ReplicaSet and {@code replicas} pods. */
    static List<Pod> deployment(KubernetesClient client, String ns, String name, int replicas) {
        Deployment d =
                client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .resource(
                                new DeploymentBuilder()
                                        .withNewMetadata()
                                        .withName(name)
                                        .withNamespace(ns)
                                        .addToLabels("app", name)
                                        .endMetadata()
                                        .withNewSpec()
                                        .withReplicas(replicas)
                                        .endSpec()
                                        .withNewStatus()
                                        .withReplicas(replicas)
                                        .withReadyReplicas(replicas)
                                        .withAvailableReplicas(replicas)
                                        .withUpdatedReplicas(replicas)
                                        .endStatus()
                                        .build())
                        .create();
        String hash = Integer.toHexString(name.hashCode() & 0xfffffff);
        ReplicaSet rs =
                client.apps()
                        .replicaSets()
                        .inNamespace(ns)
                        .resource(
                                new ReplicaSetBuilder()
                                        .withNewMetadata()
                                        .withName(name + "-" + hash)
                                        .withNamespace(ns)
                                        .addToLabels("app", name)
                                        .addToLabels("pod-template-hash", hash)
                                        .addToOwnerReferences(
                                                new OwnerReferenceBuilder()
                                                        .withApiVersion("apps/v1")
                                                        .withKind("Deployment")
                                                        .withName(name)
                                                        .withUid(d.getMetadata().getUid())
                                                        .withController(true)
                                                        .build())
                                        .endMetadata()
                                        .build())
                        .create();
        List<Pod> pods = new ArrayList<>(replicas);
        for (int i = 0; i < replicas; i++) {
            Pod p = client.pods().inNamespace(ns).resource(pod(rs, ns, hash, i)).create();
            pods.add(p);
        }
        return pods;
    }

    private static Pod pod(ReplicaSet owner, String ns, String hash, int i) {
        String name = owner.getMetadata().getName() + "-" + String.format("x%04d", i);
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("app", owner.getMetadata().getLabels().get("app"))
                .addToLabels("pod-template-hash", hash)
                .addToLabels("inferscope.io/model", "llama-3-8b-instruct")
                .addToAnnotations("prometheus.io/scrape", "true")
                .addToAnnotations("prometheus.io/port", "8000")
                .addToOwnerReferences(
                        new OwnerReferenceBuilder()
                                .withApiVersion("apps/v1")
                                .withKind("ReplicaSet")
                                .withName(owner.getMetadata().getName())
                                .withUid(owner.getMetadata().getUid())
                                .withController(true)
                                .withBlockOwnerDeletion(true)
                                .build())
                .endMetadata()
                .withNewSpec()
                .withNodeName(NODE_PREFIX + (i % 64))
                .withServiceAccountName("vllm")
                .addNewContainer()
                .withName("vllm")
                .withImage("vllm/vllm-openai:v0.8.5")
                .withArgs("--model", "meta-llama/Llama-3-8B-Instruct", "--port", "8000")
                .withEnv(
                        new EnvVar("HF_HOME", "/models/cache", null),
                        new EnvVar("VLLM_WORKER_MULTIPROC_METHOD", "spawn", null),
                        new EnvVar("NCCL_DEBUG", "WARN", null))
                .addNewPort()
                .withName("http")
                .withContainerPort(8000)
                .endPort()
                .addNewVolumeMount()
                .withName("models")
                .withMountPath("/models")
                .endVolumeMount()
                .withNewResources()
                .withRequests(
                        Map.of(
                                "cpu", new Quantity("4"),
                                "memory", new Quantity("32Gi"),
                                "nvidia.com/gpu", new Quantity("1")))
                .withLimits(
                        Map.of("memory", new Quantity("48Gi"), "nvidia.com/gpu", new Quantity("1")))
                .endResources()
                .endContainer()
                .addNewVolume()
                .withName("models")
                .withNewPersistentVolumeClaim()
                .withClaimName("models")
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .withLastTransitionTime(T0)
                .endCondition()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withLastTransitionTime(T0)
                .endCondition()
                .addNewContainerStatus()
                .withName("vllm")
                .withImage("vllm/vllm-openai:v0.8.5")
                .withReady(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt(T0)
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    /** A Warning BackOff event about {@code pod}. */
    static void backOffEvent(KubernetesClient client, Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        client.v1()
                .events()
                .inNamespace(ns)
                .resource(
                        new EventBuilder()
                                .withNewMetadata()
                                .withName(pod.getMetadata().getName() + ".backoff")
                                .withNamespace(ns)
                                .endMetadata()
                                .withType("Warning")
                                .withReason("BackOff")
                                .withMessage("Back-off restarting failed container vllm")
                                .withNewInvolvedObject()
                                .withKind("Pod")
                                .withName(pod.getMetadata().getName())
                                .withNamespace(ns)
                                .withUid(pod.getMetadata().getUid())
                                .endInvolvedObject()
                                .withCount(3)
                                .withFirstTimestamp(T0)
                                .withLastTimestamp(T0)
                                .build())
                .create();
    }

    /**
     * The kubelet's status write after a container restart: the restart count goes up, so the
     * collector publishes a record (an unchanged status would be deduplicated).
     */
    static void restart(KubernetesClient client, Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Pod current = client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get();
        var status = current.getStatus().getContainerStatuses().get(0);
        status.setRestartCount(status.getRestartCount() + 1);
        client.pods().inNamespace(ns).resource(current).updateStatus();
    }
}
