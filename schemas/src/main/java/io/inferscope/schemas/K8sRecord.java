package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes state change or event on {@code inferscope.raw.k8s}, keyed by object UID. {@code
 * kind} says which one of the nested bodies is present ({@code pod}, {@code deployment}, {@code
 * hpa}, {@code quota}, {@code event} or {@code usage}); exactly that one must be. Resource amounts
 * use base units: cpu in cores, memory in bytes, {@code nvidia.com/gpu} in devices.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record K8sRecord(
        @JsonProperty(required = true) Kind kind,
        @JsonProperty(required = true) long tsMs,
        Action action,
        String uid,
        String cluster,
        String namespace,
        String name,
        Pod pod,
        Deployment deployment,
        Hpa hpa,
        Quota quota,
        Event event,
        Usage usage) {

    public K8sRecord {
        Check.required("kind", kind);
        Check.timestamp("ts_ms", tsMs);
        Check.requiredText("uid", uid);
        Check.requiredText("name", name);
        action = action == null ? Action.UPDATED : action;
        Object[] bodies = {pod, deployment, hpa, quota, event, usage};
        for (Kind k : Kind.values()) {
            Object body = bodies[k.ordinal()];
            if (k == kind) {
                Check.required(k.wire(), body);
            } else {
                Check.absent(k.wire(), body, "when kind is " + kind.wire());
            }
        }
    }

    /** The deployment this record belongs to, where it is known. */
    public String owningDeployment() {
        return switch (kind) {
            case POD -> pod.deployment();
            case DEPLOYMENT -> name;
            case HPA -> hpa.targetDeployment();
            case EVENT -> event.deployment();
            case USAGE -> usage.deployment();
            case QUOTA -> null;
        };
    }

    /** Order matches the bodies in the constructor. */
    public enum Kind implements WireEnum {
        POD("pod"),
        DEPLOYMENT("deployment"),
        HPA("hpa"),
        QUOTA("quota"),
        EVENT("event"),
        USAGE("usage");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public enum Action implements WireEnum {
        ADDED("added"),
        UPDATED("updated"),
        DELETED("deleted");

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public enum Phase implements WireEnum {
        PENDING("Pending"),
        RUNNING("Running"),
        SUCCEEDED("Succeeded"),
        FAILED("Failed"),
        UNKNOWN("Unknown");

        private final String wire;

        Phase(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** A pod's state. Times are the API server's (creation, PodScheduled, Ready conditions). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pod(
            @JsonProperty(required = true) Phase phase,
            Boolean ready,
            String node,
            String deployment,
            Long createdMs,
            Long scheduledMs,
            Long readyMs,
            List<Container> containers) {
        public Pod {
            Check.required("phase", phase);
            Check.timestamp("created_ms", createdMs);
            Check.timestamp("scheduled_ms", scheduledMs);
            Check.timestamp("ready_ms", readyMs);
            containers = Check.list("containers", containers);
        }
    }

    /**
     * One container of a pod: restarts, the reason it waits (CrashLoopBackOff, ImagePullBackOff,
     * ContainerCreating) and the reason it last terminated (OOMKilled, Error), requests and limits.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Container(
            String name,
            @JsonProperty(required = true) int restartCount,
            Boolean ready,
            String waitingReason,
            String lastTerminatedReason,
            Map<String, Double> requests,
            Map<String, Double> limits) {
        public Container {
            Check.requiredText("name", name);
            Check.nonNegative("restart_count", restartCount);
            requests = Check.nonNegativeMap("requests", requests);
            limits = Check.nonNegativeMap("limits", limits);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deployment(
            @JsonProperty(required = true) int desired, int ready, int available, int updated) {
        public Deployment {
            Check.nonNegative("desired", desired);
            Check.nonNegative("ready", ready);
            Check.nonNegative("available", available);
            Check.nonNegative("updated", updated);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hpa(
            String targetDeployment,
            Integer min,
            @JsonProperty(required = true) int max,
            int current,
            int desired) {
        public Hpa {
            Check.nonNegative("min", min);
            Check.nonNegative("max", max);
            Check.nonNegative("current", current);
            Check.nonNegative("desired", desired);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quota(Map<String, Double> hard, Map<String, Double> used) {
        public Quota {
            hard = Check.nonNegativeMap("hard", hard);
            used = Check.nonNegativeMap("used", used);
        }
    }

    /** A Kubernetes event: "metrics say what, events say why". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(
            @JsonProperty(required = true) String type,
            @JsonProperty(required = true) String reason,
            String message,
            String involvedKind,
            String involvedName,
            String involvedUid,
            String deployment,
            Integer count,
            Long firstMs,
            Long lastMs) {
        public Event {
            Check.requiredText("type", type);
            Check.requiredText("reason", reason);
            Check.nonNegative("count", count);
            Check.timestamp("first_ms", firstMs);
            Check.timestamp("last_ms", lastMs);
        }

        @JsonIgnore
        public boolean isWarning() {
            return "Warning".equals(type);
        }
    }

    /** Container usage from metrics.k8s.io (metrics-server), to hold against requests/limits. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Usage(
            String pod,
            String container,
            String deployment,
            Double cpuCores,
            Long memoryBytes,
            Long windowMs) {
        public Usage {
            Check.requiredText("pod", pod);
            Check.nonNegative("cpu_cores", cpuCores);
            Check.nonNegative("memory_bytes", memoryBytes);
            Check.nonNegative("window_ms", windowMs);
        }
    }
}
