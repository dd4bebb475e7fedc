package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod as a {@link K8sRecord.Pod}: phase, readiness, node, owning deployment, the times of
 * creation, scheduling ({@code PodScheduled}) and readiness ({@code Ready}), and per container
 * restarts, waiting and last-terminated reasons, requests and limits (cpu, memory, {@code
 * nvidia.com/gpu}, base units). Only what matters for the pipeline is kept, so heartbeat-only
 * changes (probe times, resourceVersion, managedFields) map to an equal body.
 */
public final class PodMapping {
    private PodMapping() {}

    public static K8sRecord.Pod body(Pod pod, String deployment) {
        PodStatus status = pod.getStatus();
        List<PodCondition> conditions =
                status == null || status.getConditions() == null
                        ? List.of()
                        : status.getConditions();
        PodCondition scheduled = condition(conditions, "PodScheduled");
        PodCondition ready = condition(conditions, "Ready");
        return new K8sRecord.Pod(
                phase(status == null ? null : status.getPhase()),
                ready == null ? null : isTrue(ready),
                pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
                deployment,
                Times.parse(pod.getMetadata().getCreationTimestamp()),
                isTrue(scheduled) ? Times.parse(scheduled.getLastTransitionTime()) : null,
                isTrue(ready) ? Times.parse(ready.getLastTransitionTime()) : null,
                containers(pod));
    }

    static Phase phase(String phase) {
        if (phase != null) {
            for (Phase p : Phase.values()) {
                if (p.wire().equals(phase)) {
                    return p;
                }
            }
        }
        // A pod just created has no status yet: the API server reports it Pending.
        return phase == null ? Phase.PENDING : Phase.UNKNOWN;
    }

    /** Spec containers in spec order, joined with their status by name. */
    static List<K8sRecord.Container> containers(Pod pod) {
        Map<String, ContainerStatus> statuses = new HashMap<>();
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
                statuses.put(s.getName(), s);
            }
        }
        List<K8sRecord.Container> out = new ArrayList<>();
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return out;
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getName() == null || c.getName().isBlank()) {
                continue;
            }
            ContainerStatus s = statuses.get(c.getName());
            ResourceRequirements r = c.getResources();
            out.add(
                    new K8sRecord.Container(
                            c.getName(),
                            s == null || s.getRestartCount() == null
                                    ? 0
                                    : Math.max(0, s.getRestartCount()),
                            s == null ? null : s.getReady(),
                            s == null ? null : waitingReason(s.getState()),
                            s == null ? null : lastTerminatedReason(s),
                            r == null
                                    ? null
                                    : Quantities.select(
                                            r.getRequests(), Quantities.CONTAINER_RESOURCES),
                            r == null
                                    ? null
                                    : Quantities.select(
                                            r.getLimits(), Quantities.CONTAINER_RESOURCES)));
        }
        return out;
    }

    private static String waitingReason(ContainerState state) {
        return state == null || state.getWaiting() == null ? null : state.getWaiting().getReason();
    }

    /**
     * The reason of the most recent termination: the current state when the container is terminated
     * right now, else the last state (OOMKilled, Error, Completed).
     */
    private static String lastTerminatedReason(ContainerStatus s) {
        ContainerState now = s.getState();
        if (now != null && now.getTerminated() != null && now.getTerminated().getReason() != null) {
            return now.getTerminated().getReason();
        }
        ContainerState last = s.getLastState();
        return last == null || last.getTerminated() == null
                ? null
                : last.getTerminated().getReason();
    }

    private static PodCondition condition(List<PodCondition> conditions, String type) {
        for (PodCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    private static boolean isTrue(PodCondition c) {
        return c != null && "True".equals(c.getStatus());
    }
}
