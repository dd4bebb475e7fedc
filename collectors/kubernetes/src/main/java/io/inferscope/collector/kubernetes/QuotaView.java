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
final class QuotaView extends SpecStatusView<QuotaView.Spec, QuotaView.Status> {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(Map<String, Quantity> hard) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Map<String, Quantity> hard, Map<String, Quantity> used) {}
}
