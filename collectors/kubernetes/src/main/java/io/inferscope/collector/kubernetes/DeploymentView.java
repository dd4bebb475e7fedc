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
final class DeploymentView extends ObjectView {
    private Spec spec;
    private Status status;

    DeploymentView() {}

    DeploymentView(Spec spec, Status status) {
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
    record Spec(Integer replicas) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Integer readyReplicas, Integer availableReplicas, Integer updatedReplicas) {}
}
