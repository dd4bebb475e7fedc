package io.inferscope.jobs.alerts;

import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.AlertRule.Type;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.Scope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what the codec cannot: which fields a rule type needs and allows, that metric paths name
 * numeric fields of real streams, label names, templates and burn-rate tiers. A field a type does
 * not use is refused rather than ignored, so a misplaced {@code for} or {@code threshold} is never
 * silently dropped.
 */
final class RuleCompiler {
    static final Set<String> LABELS =
            Set.of(
                    "cluster",
                    "namespace",
                    "deployment",
                    "model",
                    "replica",
                    "node",
                    "gpu_uuid",
                    "container");
    static final List<CompiledRule.Tier> DEFAULT_TIERS =
            List.of(
                    new CompiledRule.Tier(14.4, 3_600_000L, 300_000L),
                    new CompiledRule.Tier(6, 21_600_000L, 1_800_000L),
                    new CompiledRule.Tier(1, 259_200_000L, 21_600_000L));
    static final long MAX_BURN_WINDOW_MS = 7 * 86_400_000L;
    static final int MAX_EVENT_COUNT = 10_000;

    private static final Set<String> COMMON =
            Set.of("for", "keep_firing_for", "group_by", "labels", "annotations");
    private static final Map<Type, Set<String>> ALLOWED =
            Map.of(
                    Type.THRESHOLD,
                            Set.of("metric", "comparator", "threshold", "scope", "window_s"),
                    Type.ABSENCE, Set.of("metric", "scope", "window_s"),
                    Type.BURN_RATE,
                            Set.of(
                                    "objective",
                                    "good",
                                    "good_ttft_ms",
                                    "tiers",
                                    "scope",
                                    "window_s"),
                    Type.COMPOSITE, Set.of("conditions"),
                    Type.EVENT, Set.of("reasons", "count", "window"));
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern TEMPLATE_VAR =
            Pattern.compile("\\s*\\$(value|threshold|labels\\.[A-Za-z0-9_]+)\\s*");

    private final int defaultWindowS;

    RuleCompiler(int defaultWindowS) {
        this.defaultWindowS = defaultWindowS;
    }

    CompiledRule compile(AlertRule r) {
        checkFields(r);
        for (String label : r.groupBy() == null ? List.<String>of() : r.groupBy()) {
            if (!LABELS.contains(label)) {
                throw new InvalidRuleException(
                        "$.group_by", "unknown label '" + label + "' (known: " + LABELS + ")");
            }
        }
        r.annotations().forEach((k, v) -> checkTemplate("$.annotations." + k, v));
        String json = new String(Codecs.of(AlertRule.class).encode(r), StandardCharsets.UTF_8);
        return switch (r.type()) {
            case THRESHOLD -> threshold(r, json);
            case ABSENCE -> absence(r, json);
            case BURN_RATE -> burnRate(r, json);
            case COMPOSITE -> composite(r, json);
            case EVENT -> event(r, json);
        };
    }

    private CompiledRule threshold(AlertRule r, String json) {
        require(r.metric(), "$.metric", "a threshold rule needs a metric");
        require(r.comparator(), "$.comparator", "a threshold rule needs a comparator");
        require(r.threshold(), "$.threshold", "a threshold rule needs a threshold");
        MetricPath metric = MetricPath.compile("$.metric", r.metric(), false);
        return new CompiledRule(
                r,
                json,
                metric,
                scope(metric.stream, r.scope(), "$.scope"),
                windowS(r.windowS()),
                List.of(),
                Set.of(),
                0,
                0,
                List.of());
    }

    private CompiledRule absence(AlertRule r, String json) {
        require(r.metric(), "$.metric", "an absence rule needs a metric (or a stream)");
        if (Durations.ms(r.forDuration(), 0) <= 0) {
            throw new InvalidRuleException("$.for", "an absence rule needs a for duration > 0");
        }
        MetricPath metric = MetricPath.compile("$.metric", r.metric(), true);
        return new CompiledRule(
                r,
                json,
                metric,
                scope(metric.stream, r.scope(), "$.scope"),
                windowS(r.windowS()),
                List.of(),
                Set.of(),
                0,
                0,
                List.of());
    }

    private CompiledRule burnRate(AlertRule r, String json) {
        require(r.objective(), "$.objective", "a burn_rate rule needs an objective");
        if (r.good() == AlertRule.Good.TTFT) {
            require(r.goodTtftMs(), "$.good_ttft_ms", "good: ttft needs good_ttft_ms");
        } else if (r.goodTtftMs() != null) {
            throw new InvalidRuleException("$.good_ttft_ms", "is only used with good: ttft");
        }
        Scope scope = scope(MetricStream.REQUESTS, r.scope(), "$.scope");
        if (scope != Scope.DEPLOYMENT_MODEL && scope != Scope.REPLICA) {
            throw new InvalidRuleException(
                    "$.scope", "a burn_rate rule reads deployment_model or replica records");
        }
        List<CompiledRule.Tier> tiers = new ArrayList<>();
        if (r.tiers() == null) {
            tiers.addAll(DEFAULT_TIERS);
        } else if (r.tiers().isEmpty()) {
            throw new InvalidRuleException("$.tiers", "must not be empty");
        }
        for (int i = 0; r.tiers() != null && i < r.tiers().size(); i++) {
            AlertRule.Tier t = r.tiers().get(i);
            long longMs = Durations.ms(t.longWindow(), 0);
            long shortMs = Durations.ms(t.shortWindow(), 0);
            String at = "$.tiers[" + i + "]";
            if (shortMs <= 0 || shortMs >= longMs) {
                throw new InvalidRuleException(at, "short_window must be > 0 and < long_window");
            }
            if (longMs > MAX_BURN_WINDOW_MS) {
                throw new InvalidRuleException(at + ".long_window", "must be at most 7d");
            }
            tiers.add(new CompiledRule.Tier(t.factor(), longMs, shortMs));
        }
        return new CompiledRule(
                r, json, null, scope, windowS(r.windowS()), List.of(), Set.of(), 0, 0, tiers);
    }

    private CompiledRule composite(AlertRule r, String json) {
        if (r.conditions() == null || r.conditions().size() < 2) {
            throw new InvalidRuleException("$.conditions", "a composite rule needs 2 or more");
        }
        if (r.groupBy() != null) {
            throw new InvalidRuleException(
                    "$.group_by", "a composite rule always groups by deployment");
        }
        List<CompiledRule.Condition> conditions = new ArrayList<>();
        for (int i = 0; i < r.conditions().size(); i++) {
            AlertRule.Condition c = r.conditions().get(i);
            String at = "$.conditions[" + i + "]";
            MetricPath metric = MetricPath.compile(at + ".metric", c.metric(), false);
            conditions.add(
                    new CompiledRule.Condition(
                            metric,
                            c.comparator(),
                            c.threshold(),
                            scope(metric.stream, c.scope(), at + ".scope"),
                            windowS(c.windowS())));
        }
        return new CompiledRule(
                r, json, null, null, defaultWindowS, conditions, Set.of(), 0, 0, List.of());
    }

    private CompiledRule event(AlertRule r, String json) {
        if (r.reasons() == null || r.reasons().isEmpty()) {
            throw new InvalidRuleException("$.reasons", "an event rule needs event reasons");
        }
        require(r.window(), "$.window", "an event rule needs a window");
        int count = r.count() == null ? 1 : r.count();
        if (count > MAX_EVENT_COUNT) {
            throw new InvalidRuleException("$.count", "must be at most " + MAX_EVENT_COUNT);
        }
        if (r.groupBy() != null) {
            throw new InvalidRuleException("$.group_by", "an event rule groups by deployment");
        }
        return new CompiledRule(
                r,
                json,
                null,
                null,
                defaultWindowS,
                List.of(),
                new LinkedHashSet<>(r.reasons()),
                count,
                Durations.ms(r.window(), 0),
                List.of());
    }

    private int windowS(Integer windowS) {
        return windowS == null ? defaultWindowS : windowS;
    }

    private static Scope scope(MetricStream stream, Scope given, String at) {
        if (!stream.hasScope()) {
            if (given != null) {
                throw new InvalidRuleException(at, stream.prefix() + " records have no scope");
            }
            return null;
        }
        return given == null ? stream.defaultScope : given;
    }

    private static void require(Object value, String at, String reason) {
        if (value == null) {
            throw new InvalidRuleException(at, reason);
        }
    }

    private static void checkFields(AlertRule r) {
        Map<String, Object> optional = new LinkedHashMap<>();
        optional.put("metric", r.metric());
        optional.put("comparator", r.comparator());
        optional.put("threshold", r.threshold());
        optional.put("scope", r.scope());
        optional.put("window_s", r.windowS());
        optional.put("conditions", r.conditions());
        optional.put("reasons", r.reasons());
        optional.put("count", r.count());
        optional.put("window", r.window());
        optional.put("objective", r.objective());
        optional.put("good", r.good());
        optional.put("good_ttft_ms", r.goodTtftMs());
        optional.put("tiers", r.tiers());
        Set<String> allowed = ALLOWED.get(r.type());
        for (Map.Entry<String, Object> e : optional.entrySet()) {
            if (e.getValue() != null && !allowed.contains(e.getKey())) {
                throw new InvalidRuleException(
                        "$." + e.getKey(),
                        "is not used by "
                                + r.type().wire()
                                + " rules (they use "
                                + new java.util.TreeSet<>(allowed)
                                + " and "
                                + new java.util.TreeSet<>(COMMON)
                                + ")");
            }
        }
    }

    private static void checkTemplate(String at, String text) {
        Matcher m = TEMPLATE.matcher(text);
        while (m.find()) {
            if (!TEMPLATE_VAR.matcher(m.group(1)).matches()) {
                throw new InvalidRuleException(
                        at,
                        "unknown template '{{"
                                + m.group(1)
                                + "}}' (use {{ $value }}, {{ $threshold }} or {{ $labels.NAME }})");
            }
        }
    }
}
