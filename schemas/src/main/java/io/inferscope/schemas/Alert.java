package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * A firing or resolved alert signal on {@code inferscope.alerts}, keyed by {@code fingerprint}
 * (stable over rule + group labels). Shaped to map one-to-one onto Alertmanager's API v2 and
 * PagerDuty Events v2. {@code evidence} holds the recent Kubernetes events (and error log lines) of
 * the same deployment: metrics say what, events say why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        String fingerprint,
        @JsonProperty(required = true) Status status,
        String rule,
        Severity severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        Double value,
        Double threshold,
        @JsonProperty(required = true) long startsAtMs,
        Long endsAtMs,
        @JsonProperty(required = true) long updatedAtMs,
        List<Evidence> evidence) {

    public Alert {
        Check.requiredText("fingerprint", fingerprint);
        Check.required("status", status);
        Check.requiredText("rule", rule);
        Check.required("severity", severity);
        labels = Check.map("labels", labels);
        annotations = Check.map("annotations", annotations);
        Check.timestamp("starts_at_ms", startsAtMs);
        Check.timestamp("ends_at_ms", endsAtMs);
        Check.timestamp("updated_at_ms", updatedAtMs);
        if (status == Status.RESOLVED) {
            Check.required("ends_at_ms", endsAtMs);
        }
        if (endsAtMs != null && endsAtMs < startsAtMs) {
            throw new SchemaViolation("ends_at_ms", "must not be before starts_at_ms");
        }
        evidence = Check.list("evidence", evidence);
    }

    public enum Status implements WireEnum {
        FIRING("firing"),
        RESOLVED("resolved");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public enum Severity implements WireEnum {
        CRITICAL("critical"),
        WARNING("warning"),
        INFO("info");

        private final String wire;

        Severity(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** One piece of evidence: a Kubernetes event or an error log line near the alert. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(
            @JsonProperty(required = true) long tsMs,
            String source,
            String reason,
            String message,
            String object) {
        public Evidence {
            Check.timestamp("ts_ms", tsMs);
            Check.requiredText("source", source);
        }
    }
}
