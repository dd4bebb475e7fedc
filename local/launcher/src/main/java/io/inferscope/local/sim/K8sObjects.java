package io.inferscope.local.sim;

import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link K8sRecord}s of the simulated deployment, as the Kubernetes collector would emit
 * them for a real one: pure functions of the simulated state, so tests can check each shape.
 * Resource amounts in base units (cores, bytes, devices).
 */
public final class K8sObjects {
    public static final String CONTAINER = "vllm";
    static final double GIB = 1024.0 * 1024 * 1024;

    /** A 7B model server: 8 cores, 64 GiB, one GPU requested; 12 cores, 80 GiB, one GPU limit. */
    public static final Map<String, Double> REQUESTS =
            Map.of("cpu", 8.0, "memory", 64 * GIB, "nvidia.com/gpu", 1.0);

    public static final Map<String, Double> LIMITS =
            Map.of("cpu", 12.0, "memory", 80 * GIB, "nvidia.com/gpu", 1.0);

    private K8sObjects() {}

    public static K8sRecord pod(SimDeployment d, PodState p, Action action, long tsMs) {
        K8sRecord.Container c =
                new K8sRecord.Container(
                        CONTAINER,
                        p.restartCount(),
                        p.ready(),
                        p.waitingReason(),
                        p.lastTerminatedReason(),
                        REQUESTS,
                        LIMITS);
        K8sRecord.Pod body =
                new K8sRecord.Pod(
                        p.phase(),
                        p.ready(),
                        p.node(),
                        d.deployment(),
                        p.createdMs(),
                        p.scheduledMs(),
                        p.readyMs(),
                        List.of(c));
        return new K8sRecord(
                Kind.POD,
                tsMs,
                action,
                p.uid(),
                d.cluster(),
                d.namespace(),
                p.name(),
                body,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * The Deployment's status from its pods: ready = available = Ready pods (no minReadySeconds),
     * updated = every pod (one template).
     */
    public static K8sRecord deployment(
            SimDeployment d, int desired, List<PodState> pods, long tsMs) {
        int ready = (int) pods.stream().filter(PodState::ready).count();
        return new K8sRecord(
                Kind.DEPLOYMENT,
                tsMs,
                Action.UPDATED,
                d.uid("Deployment", d.deployment()),
                d.cluster(),
                d.namespace(),
                d.deployment(),
                null,
                new K8sRecord.Deployment(desired, ready, ready, pods.size()),
                null,
                null,
                null,
                null);
    }

    /** The HPA on the deployment: current is the pods that exist, desired what it asks for. */
    public static K8sRecord hpa(
            SimDeployment d, int min, int max, int current, int desired, long tsMs) {
        return new K8sRecord(
                Kind.HPA,
                tsMs,
                Action.UPDATED,
                d.uid("HorizontalPodAutoscaler", d.deployment()),
                d.cluster(),
                d.namespace(),
                d.deployment(),
                null,
                null,
                new K8sRecord.Hpa(d.deployment(), min, max, current, desired),
                null,
                null,
                null);
    }

    /**
     * The namespace's ResourceQuota: {@code gpuHard} GPUs, room for CPU and memory. Every pod that
     * exists counts, Pending ones too (the API server charges quota at creation).
     */
    public static K8sRecord quota(SimDeployment d, int gpuHard, List<PodState> pods, long tsMs) {
        int n = pods.size();
        Map<String, Double> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", 64.0);
        hard.put("requests.memory", 512 * GIB);
        hard.put("requests.nvidia.com/gpu", (double) gpuHard);
        hard.put("limits.nvidia.com/gpu", (double) gpuHard);
        hard.put("pods", 20.0);
        Map<String, Double> used = new LinkedHashMap<>();
        used.put("requests.cpu", n * REQUESTS.get("cpu"));
        used.put("requests.memory", n * REQUESTS.get("memory"));
        used.put("requests.nvidia.com/gpu", (double) n);
        used.put("limits.nvidia.com/gpu", (double) n);
        used.put("pods", (double) n);
        String name = d.namespace() + "-quota";
        return new K8sRecord(
                Kind.QUOTA,
                tsMs,
                Action.UPDATED,
                d.uid("ResourceQuota", name),
                d.cluster(),
                d.namespace(),
                name,
                null,
                null,
                null,
                new K8sRecord.Quota(hard, used),
                null,
                null);
    }

    public static K8sRecord event(SimDeployment d, EventState e, long tsMs) {
        K8sRecord.Event body =
                new K8sRecord.Event(
                        e.type(),
                        e.reason(),
                        e.message(),
                        e.involvedKind(),
                        e.involvedName(),
                        e.involvedUid(),
                        d.deployment(),
                        e.count(),
                        e.firstMs(),
                        e.lastMs());
        return new K8sRecord(
                Kind.EVENT,
                tsMs,
                e.count() == 1 ? Action.ADDED : Action.UPDATED,
                e.uid(),
                d.cluster(),
                d.namespace(),
                e.name(),
                null,
                null,
                null,
                null,
                body,
                null);
    }

    /**
     * metrics-server usage of the pod's server container: CPU for tokenization and scheduling, host
     * memory for the process — both rise with the batch the server is running ({@code busy} in
     * 0..1).
     */
    public static K8sRecord usage(
            SimDeployment d, PodState p, double busy, long windowMs, long tsMs) {
        double b = Math.max(0, Math.min(1, busy));
        double cpu = Math.round((1.2 + 4.8 * b) * 1000) / 1000.0;
        long memory = (long) ((18 + 3 * b) * GIB);
        return new K8sRecord(
                Kind.USAGE,
                tsMs,
                Action.UPDATED,
                d.uid("PodMetrics", p.name()),
                d.cluster(),
                d.namespace(),
                p.name(),
                null,
                null,
                null,
                null,
                null,
                new K8sRecord.Usage(p.name(), CONTAINER, d.deployment(), cpu, memory, windowMs));
    }
}
