package io.inferscope.jobs.alerts;

import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.Scope;
import java.util.List;
import java.util.Set;

/**
 * A validated rule in the form the evaluator runs: durations in ms, metric paths compiled, defaults
 * filled in. Built by {@link RuleCompiler}; {@link #json} is the rule's canonical JSON, the form
 * that travels in broadcast state.
 */
final class CompiledRule {
    final AlertRule rule;
    final String json;
    final long forMs;
    final long keepFiringForMs;

    /** threshold and absence rules. */
    final MetricPath metric;

    final Scope scope;
    final int windowS;
    final List<Condition> conditions;
    final Set<String> reasons;
    final int count;
    final long windowMs;
    final List<Tier> tiers;
    final long longestMs;

    CompiledRule(
            AlertRule rule,
            String json,
            MetricPath metric,
            Scope scope,
            int windowS,
            List<Condition> conditions,
            Set<String> reasons,
            int count,
            long windowMs,
            List<Tier> tiers) {
        this.rule = rule;
        this.json = json;
        this.forMs = Durations.ms(rule.forDuration(), 0);
        this.keepFiringForMs = Durations.ms(rule.keepFiringFor(), 0);
        this.metric = metric;
        this.scope = scope;
        this.windowS = windowS;
        this.conditions = conditions;
        this.reasons = reasons;
        this.count = count;
        this.windowMs = windowMs;
        this.tiers = tiers;
        this.longestMs = tiers.stream().mapToLong(t -> t.longMs).max().orElse(0);
    }

    String name() {
        return rule.name();
    }

    AlertRule.Type type() {
        return rule.type();
    }

    /** Whether records of {@code stream} can feed this rule. */
    boolean watches(MetricStream stream) {
        return switch (rule.type()) {
            case THRESHOLD, ABSENCE -> metric.stream == stream;
            case BURN_RATE -> stream == MetricStream.REQUESTS;
            case COMPOSITE -> conditions.stream().anyMatch(c -> c.metric.stream == stream);
            case EVENT -> false;
        };
    }

    /** One condition of a composite rule, with its record filter. */
    record Condition(
            MetricPath metric,
            AlertRule.Comparator comparator,
            double threshold,
            Scope scope,
            int windowS) {}

    /** One burn-rate tier: both windows must burn faster than {@code factor}. */
    record Tier(double factor, long longMs, long shortMs) {}
}
