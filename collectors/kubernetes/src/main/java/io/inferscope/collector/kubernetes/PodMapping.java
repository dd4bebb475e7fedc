package io.inferscope.collector.kubernetes;

import io.inferscope.collector.kubernetes.PodView.Condition;
import io.inferscope.collector.kubernetes.PodView.Container;
import io.inferscope.collector.kubernetes.PodView.ContainerState;
import io.inferscope.collector.kubernetes.PodView.ContainerStatus;
import io.inferscope.collector.kubernetes.PodView.Resources;
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
final class PodMapping {
    private PodMapping() {}

    static K8sRecord.Pod body(PodView pod, String deployment) {
        PodView.Status status = pod.getStatus();
        List<Condition> conditions =
                status == null || status.conditions() == null ? List.of() : status.conditions();
        Condition scheduled = condition(conditions, "PodScheduled");
        Condition ready = condition(conditions, "Ready");
        return new K8sRecord.Pod(
                phase(status == null ? null : status.phase()),
                ready == null ? null : isTrue(ready),
                pod.getSpec() == null ? null : pod.getSpec().nodeName(),
                deployment,
                Times.parse(pod.getMetadata().getCreationTimestamp()),
                isTrue(scheduled) ? Times.parse(scheduled.lastTransitionTime()) : null,
                isTrue(ready) ? Times.parse(ready.lastTransitionTime()) : null,
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
    static List<K8sRecord.Container> containers(PodView pod) {
        Map<String, ContainerStatus> statuses = new HashMap<>();
        if (pod.getStatus() != null && pod.getStatus().containerStatuses() != null) {
            for (ContainerStatus s : pod.getStatus().containerStatuses()) {
                if (s != null) {
                    statuses.put(s.name(), s);
                }
            }
        }
        List<K8sRecord.Container> out = new ArrayList<>();
        if (pod.getSpec() == null || pod.getSpec().containers() == null) {
            return out;
        }
        for (Container c : pod.getSpec().containers()) {
            if (c == null || c.name() == null || c.name().isBlank()) {
                continue;
            }
            ContainerStatus s = statuses.get(c.name());
            Resources r = c.resources();
            out.add(
                    new K8sRecord.Container(
                            c.name(),
                            s == null || s.restartCount() == null
                                    ? 0
                                    : Math.max(0, s.restartCount()),
                            s == null ? null : s.ready(),
                            s == null ? null : waitingReason(s.state()),
                            s == null ? null : lastTerminatedReason(s),
                            r == null
                                    ? null
                                    : Quantities.select(
                                            r.requests(), Quantities.CONTAINER_RESOURCES),
                            r == null
                                    ? null
                                    : Quantities.select(
                                            r.limits(), Quantities.CONTAINER_RESOURCES)));
        }
        return out;
    }

    private static String waitingReason(ContainerState state) {
        return state == null || state.waiting() == null ? null : state.waiting().reason();
    }

    /**
     * The reason of the most recent termination: the current state when the container is terminated
     * right now, else the last state (OOMKilled, Error, Completed).
     */
    private static String lastTerminatedReason(ContainerStatus s) {
        ContainerState now = s.state();
        if (now != null && now.terminated() != null && now.terminated().reason() != null) {
            return now.terminated().reason();
        }
        ContainerState last = s.lastState();
        return last == null || last.terminated() == null ? null : last.terminated().reason();
    }

    private static Condition condition(List<Condition> conditions, String type) {
        for (Condition c : conditions) {
            if (c != null && type.equals(c.type())) {
                return c;
            }
        }
        return null;
    }

    private static boolean isTrue(Condition c) {
        return c != null && "True".equals(c.status());
    }
}
