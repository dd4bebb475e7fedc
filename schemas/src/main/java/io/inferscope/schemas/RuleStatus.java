package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the alert job did with one rule, on {@code inferscope.alerts.rules.status}, keyed by rule
 * name: {@code accepted} (now in force), {@code rejected} (with the {@code reason}; a previous
 * version of the rule, if any, stays in force) or {@code deleted}. {@code source} says where the
 * rule came from (a rules file, or the rules topic with partition and offset).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleStatus(
        @JsonProperty(required = true) long tsMs,
        @JsonProperty(required = true) String rule,
        @JsonProperty(required = true) Status status,
        String reason,
        String source) {

    public RuleStatus {
        Check.timestamp("ts_ms", tsMs);
        Check.requiredText("rule", rule);
        Check.required("status", status);
    }

    public enum Status implements WireEnum {
        ACCEPTED("accepted"),
        REJECTED("rejected"),
        DELETED("deleted");

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
}
