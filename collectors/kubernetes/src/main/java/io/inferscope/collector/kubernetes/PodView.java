package io.inferscope.collector.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Map;

/** A core/v1 Pod as far as {@link PodMapping} reads it. */
@Group("")
@Version("v1")
@Kind("Pod")
@Plural("pods")
@JsonIgnoreProperties(ignoreUnknown = true)
final class PodView extends SpecStatusView<PodView.Spec, PodView.Status> {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(String nodeName, List<Container> containers) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Container(String name, Resources resources) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Resources(Map<String, Quantity> requests, Map<String, Quantity> limits) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(
            String phase, List<Condition> conditions, List<ContainerStatus> containerStatuses) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Condition(String type, String status, String lastTransitionTime) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ContainerStatus(
            String name,
            Integer restartCount,
            Boolean ready,
            ContainerState state,
            ContainerState lastState) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ContainerState(Reason waiting, Reason terminated) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reason(String reason) {}
}
