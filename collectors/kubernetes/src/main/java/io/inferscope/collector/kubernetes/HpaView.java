package io.inferscope.collector.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** An autoscaling/v2 HorizontalPodAutoscaler as far as {@link WorkloadMapping} reads it. */
@Group("autoscaling")
@Version("v2")
@Kind("HorizontalPodAutoscaler")
@Plural("horizontalpodautoscalers")
@JsonIgnoreProperties(ignoreUnknown = true)
final class HpaView extends ObjectView {
    private Spec spec;
    private Status status;

    HpaView() {}

    HpaView(Spec spec, Status status) {
        this.spec = spec;
        this.status = status;
    }

    public Spec getSpec() {
        return spec;
    }

    public void setSpec(Spec spec) {
        this.spec = spec;
    }

    public Status getStatus() {
        return status;
    }

    public void setStatus(Status status) {
        this.status = status;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(Integer minReplicas, Integer maxReplicas, Target scaleTargetRef) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Target(String kind, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Integer currentReplicas, Integer desiredReplicas) {}
}
