package io.inferscope.jobs.cluster;

import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Phase;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gauge part of a deployment's window, from its state at the window end: replicas and HPA (last
 * values), pods by phase and by waiting reason, stuck pods, and requests, limits and usage summed
 * over its Running pods. Mutable while pods are added; {@link #toMetrics} builds the record.
 */
final class DeploymentSnapshot {
    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    static final String GPU = "nvidia.com/gpu";

    private final long windowEndMs;
    private final long stuckAfterMs;
    private final Map<String, Integer> byPhase = new TreeMap<>();
    private final Map<String, Integer> byWaitingReason = new TreeMap<>();
    private int stuck;
    private double cpuRequested;
    private double cpuLimit;
    private double memoryRequested;
    private double memoryLimit;
    private double gpuRequested;
    private double gpuLimit;
    private Double cpuUsed;
    private Long memoryUsed;
    private double cpuUsedOfRequested;
    private double cpuRequestedWithUsage;
    private double memoryUsedOfRequested;
    private double memoryRequestedWithUsage;

    DeploymentSnapshot(long windowEndMs, long stuckAfterMs) {
        this.windowEndMs = windowEndMs;
        this.stuckAfterMs = stuckAfterMs;
    }

    /** Adds one live pod; {@code usage} maps {@code pod/container} to its latest usage record. */
    void addPod(K8sRecord r, PodTrack track, Map<String, K8sRecord.Usage> usage) {
        K8sRecord.Pod pod = r.pod();
        byPhase.merge(pod.phase().wire(), 1, Integer::sum);
        Set<String> reasons = new HashSet<>();
        for (K8sRecord.Container c : pod.containers()) {
            if (c.waitingReason() != null) {
                reasons.add(c.waitingReason());
            }
        }
        reasons.forEach(reason -> byWaitingReason.merge(reason, 1, Integer::sum));
        if (isStuck(r, track)) {
            stuck++;
        }
        if (pod.phase() == Phase.RUNNING) {
            for (K8sRecord.Container c : pod.containers()) {
                addResources(c, usage.get(r.name() + "/" + c.name()));
            }
        }
    }

    /**
     * Pending since creation, or Running but not Ready since the last transition, for longer than
     * {@code stuck-after} at the window end (event time). ContainerCreating is a Pending state.
     */
    private boolean isStuck(K8sRecord r, PodTrack track) {
        K8sRecord.Pod pod = r.pod();
        Long since = null;
        if (pod.phase() == Phase.PENDING) {
            since = pod.createdMs() != null ? pod.createdMs() : track.notReadySinceMs;
        } else if (pod.phase() == Phase.RUNNING && !Boolean.TRUE.equals(pod.ready())) {
            since = track.notReadySinceMs;
        }
        return since != null && windowEndMs - since > stuckAfterMs;
    }

    private void addResources(K8sRecord.Container c, K8sRecord.Usage u) {
        double cpuReq = c.requests().getOrDefault(CPU, 0.0);
        double memReq = c.requests().getOrDefault(MEMORY, 0.0);
        cpuRequested += cpuReq;
        memoryRequested += memReq;
        gpuRequested += c.requests().getOrDefault(GPU, 0.0);
        cpuLimit += c.limits().getOrDefault(CPU, 0.0);
        memoryLimit += c.limits().getOrDefault(MEMORY, 0.0);
        gpuLimit += c.limits().getOrDefault(GPU, 0.0);
        if (u == null) {
            return;
        }
        if (u.cpuCores() != null) {
            cpuUsed = (cpuUsed == null ? 0 : cpuUsed) + u.cpuCores();
            if (cpuReq > 0) {
                cpuUsedOfRequested += u.cpuCores();
                cpuRequestedWithUsage += cpuReq;
            }
        }
        if (u.memoryBytes() != null) {
            memoryUsed = (memoryUsed == null ? 0 : memoryUsed) + u.memoryBytes();
            if (memReq > 0) {
                memoryUsedOfRequested += u.memoryBytes();
                memoryRequestedWithUsage += memReq;
            }
        }
    }

    /**
     * The record; used ÷ requested only over containers with both a request and a usage sample, so
     * a container without usage data does not make the deployment look idle.
     */
    ClusterMetrics toMetrics(
            String key,
            long windowStartMs,
            int windowS,
            K8sRecord deployment,
            K8sRecord hpa,
            WindowFacts facts) {
        K8sRecord.Deployment d =
                deployment == null || deployment.action() == K8sRecord.Action.DELETED
                        ? null
                        : deployment.deployment();
        K8sRecord.Hpa h = hpa == null ? null : hpa.hpa();
        return new ClusterMetrics(
                windowStartMs,
                windowStartMs + windowS * 1000L,
                windowS,
                ClusterKeys.labels(key),
                d == null ? null : d.desired(),
                d == null ? null : d.ready(),
                d == null ? null : d.available(),
                d == null ? null : d.updated(),
                h == null ? null : h.min(),
                h == null ? null : h.max(),
                h == null ? null : h.current(),
                h == null ? null : h.desired(),
                byPhase,
                byWaitingReason,
                stuck,
                facts.restarts,
                facts.scalingEvents(),
                facts.schedulingDelayMs.count() == 0 ? null : facts.schedulingDelayMs.toQuantiles(),
                Map.of(),
                cpuRequested,
                cpuLimit,
                cpuUsed,
                Math.round(memoryRequested),
                Math.round(memoryLimit),
                memoryUsed,
                gpuRequested,
                gpuLimit,
                cpuRequestedWithUsage > 0 ? cpuUsedOfRequested / cpuRequestedWithUsage : null,
                memoryRequestedWithUsage > 0
                        ? memoryUsedOfRequested / memoryRequestedWithUsage
                        : null,
                facts.warnings);
    }
}
