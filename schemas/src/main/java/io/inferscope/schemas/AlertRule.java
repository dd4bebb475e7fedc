package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One alert rule on {@code inferscope.alerts.rules} (a compacted topic keyed by rule name; a
 * tombstone deletes the rule), the same shape as an entry of a rules YAML file. The codec checks
 * each field on its own (types, ranges, duration syntax); which fields a rule {@code type} needs is
 * checked by the alert job, which reports a refused rule on {@code inferscope.alerts.rules.status}.
 *
 * <p>Durations are text: a whole number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d} ({@code 30s}, {@code 5m}, {@code 3d}). Metrics are paths into a derived record,
 * prefixed by its stream: {@code requests.ttft_ms.p99}, {@code gpu.memory_used_ratio_max}, {@code
 * cluster.restarts}, {@code logs.error_lines_per_s}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertRule(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) Type type,
        Severity severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        String metric,
        Comparator comparator,
        Double threshold,
        @JsonProperty("for") String forDuration,
        String keepFiringFor,
        List<String> groupBy,
        Scope scope,
        Integer windowS,
        List<Condition> conditions,
        List<String> reasons,
        Integer count,
        String window,
        Double objective,
        Good good,
        Double goodTtftMs,
        List<Tier> tiers) {

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 3d}. */
    public static final Pattern DURATION = Pattern.compile("^[0-9]{1,9}(ms|s|m|h|d)$");

    public AlertRule {
        Check.requiredText("name", name);
        Check.required("type", type);
        severity = severity == null ? Severity.WARNING : severity;
        labels = Check.map("labels", labels);
        annotations = Check.map("annotations", annotations);
        text("metric", metric);
        duration("for", forDuration);
        duration("keep_firing_for", keepFiringFor);
        groupBy = texts("group_by", groupBy);
        atLeastOne("window_s", windowS);
        conditions = Check.nullableList("conditions", conditions);
        reasons = texts("reasons", reasons);
        atLeastOne("count", count);
        duration("window", window);
        if (objective != null && !(objective > 0 && objective < 1)) {
            throw new SchemaViolation("objective", "must be in (0, 1), got " + objective);
        }
        Check.nonNegative("good_ttft_ms", goodTtftMs);
        tiers = Check.nullableList("tiers", tiers);
    }

    static void text(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new SchemaViolation(field, "must not be blank");
        }
    }

    static void duration(String field, String value) {
        if (value != null && !DURATION.matcher(value).matches()) {
            throw new SchemaViolation(
                    field, "must be a duration such as 30s, 5m or 1h, got \"" + value + "\"");
        }
    }

    static void atLeastOne(String field, Integer value) {
        if (value != null && value < 1) {
            throw new SchemaViolation(field, "must be >= 1, got " + value);
        }
    }

    private static List<String> texts(String field, List<String> values) {
        List<String> out = Check.nullableList(field, values);
        if (out != null) {
            for (int i = 0; i < out.size(); i++) {
                text(field + "[" + i + "]", out.get(i));
            }
        }
        return out;
    }

    /** What a rule watches. */
    public enum Type implements WireEnum {
        THRESHOLD("threshold"),
        ABSENCE("absence"),
        BURN_RATE("burn_rate"),
        COMPOSITE("composite"),
        EVENT("event");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** The severity of the alerts a rule raises (the values of {@link Alert.Severity}). */
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

    public enum Comparator implements WireEnum {
        GT(">"),
        GE(">="),
        LT("<"),
        LE("<="),
        EQ("=="),
        NE("!=");

        private final String wire;

        Comparator(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }

        public boolean test(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GE -> value >= threshold;
                case LT -> value < threshold;
                case LE -> value <= threshold;
                case EQ -> value == threshold;
                case NE -> value != threshold;
            };
        }
    }

    /**
     * What a burn-rate rule counts as a good request: {@code ok} (finished without error), {@code
     * slo} (the request job's goodput verdict) or {@code ttft} ({@code ttft_ms} ≤ {@code
     * good_ttft_ms}).
     */
    public enum Good implements WireEnum {
        OK("ok"),
        SLO("slo"),
        TTFT("ttft");

        private final String wire;

        Good(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** One condition of a composite rule: a metric of one stream against a threshold. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(
            @JsonProperty(required = true) String metric,
            @JsonProperty(required = true) Comparator comparator,
            @JsonProperty(required = true) double threshold,
            Scope scope,
            Integer windowS) {
        public Condition {
            Check.requiredText("metric", metric);
            Check.required("comparator", comparator);
            atLeastOne("window_s", windowS);
        }
    }

    /** One burn-rate tier: fires when both windows burn faster than {@code factor}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tier(
            @JsonProperty(required = true) double factor,
            @JsonProperty(required = true) String longWindow,
            @JsonProperty(required = true) String shortWindow) {
        public Tier {
            if (!(factor > 0)) {
                throw new SchemaViolation("factor", "must be > 0, got " + factor);
            }
            Check.required("long_window", longWindow);
            Check.required("short_window", shortWindow);
            duration("long_window", longWindow);
            duration("short_window", shortWindow);
        }
    }
}
