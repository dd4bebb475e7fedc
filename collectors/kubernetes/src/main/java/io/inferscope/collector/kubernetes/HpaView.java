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
final class HpaView extends SpecStatusView<HpaView.Spec, HpaView.Status> {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(Integer minReplicas, Integer maxReplicas, Target scaleTargetRef) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Target(String kind, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Integer currentReplicas, Integer desiredReplicas) {}
}
