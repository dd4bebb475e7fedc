package io.inferscope.collector.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/** A core/v1 ResourceQuota: hard (spec and status) and used per resource. */
@Group("")
@Version("v1")
@Kind("ResourceQuota")
@Plural("resourcequotas")
@JsonIgnoreProperties(ignoreUnknown = true)
final class QuotaView extends ObjectView {
    private Spec spec;
    private Status status;

    QuotaView() {}

    QuotaView(Spec spec, Status status) {
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
    record Spec(Map<String, Quantity> hard) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Map<String, Quantity> hard, Map<String, Quantity> used) {}
}
