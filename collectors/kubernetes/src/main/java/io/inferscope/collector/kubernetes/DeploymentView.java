package io.inferscope.collector.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** An apps/v1 Deployment as far as {@link WorkloadMapping} reads it. */
@Group("apps")
@Version("v1")
@Kind("Deployment")
@Plural("deployments")
@JsonIgnoreProperties(ignoreUnknown = true)
final class DeploymentView extends SpecStatusView<DeploymentView.Spec, DeploymentView.Status> {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(Integer replicas) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Integer readyReplicas, Integer availableReplicas, Integer updatedReplicas) {}
}
