package io.inferscope.jobs.alerts;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.RuleStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Validates each record of the rules topic once, before it is broadcast: a valid rule goes on as
 * {@code (name, canonical JSON)}, a tombstone as {@code (name, "")}; every record gets a {@link
 * RuleStatus} on the {@link #STATUS} side output (accepted, deleted, or rejected with the reason).
 * A rejected rule is not broadcast, so the version in force (if any) stays, and no other rule is
 * touched. Run at parallelism 1 so each record yields one status. Metrics: {@code rulesAccepted},
 * {@code rulesRejected}.
 */
public final class RuleIntake extends ProcessFunction<RuleChange, Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RuleStatus> STATUS =
            new OutputTag<>("rule-status", CodecTypeInfo.of(RuleStatus.class));

    private final int defaultWindowS;
    private final WallClock clock;
    private transient Counter accepted;
    private transient Counter rejected;

    public RuleIntake(int defaultWindowS, WallClock clock) {
        this.defaultWindowS = defaultWindowS;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().counter("rulesAccepted");
        rejected = getRuntimeContext().getMetricGroup().counter("rulesRejected");
    }

    @Override
    public void processElement(
            RuleChange change, Context ctx, Collector<Tuple2<String, String>> out) {
        long now = clock.nowMs();
        String key = change.key == null || change.key.isBlank() ? null : change.key;
        if (change.text == null) {
            if (key == null) {
                reject(ctx, "?", "a tombstone without a key names no rule", change, now);
                return;
            }
            out.collect(Tuple2.of(key, ""));
            ctx.output(
                    STATUS,
                    new RuleStatus(now, key, RuleStatus.Status.DELETED, null, change.source));
            return;
        }
        try {
            AlertRule rule = RuleParser.parseOne(change.text);
            if (key != null && !key.equals(rule.name())) {
                throw new InvalidRuleException(
                        "$.name",
                        "'" + rule.name() + "' differs from the record key '" + key + "'");
            }
            CompiledRule compiled = new RuleCompiler(defaultWindowS).compile(rule);
            out.collect(Tuple2.of(rule.name(), compiled.json));
            accepted.inc();
            ctx.output(
                    STATUS,
                    new RuleStatus(
                            now, rule.name(), RuleStatus.Status.ACCEPTED, null, change.source));
        } catch (InvalidRuleException e) {
            reject(ctx, key == null ? "?" : key, e.getMessage(), change, now);
        } catch (RuntimeException e) {
            // Defence in depth: one odd record must never stop the job or the other rules.
            reject(ctx, key == null ? "?" : key, "$: invalid rule: " + e, change, now);
        }
    }

    private void reject(Context ctx, String name, String reason, RuleChange change, long now) {
        rejected.inc();
        ctx.output(
                STATUS,
                new RuleStatus(now, name, RuleStatus.Status.REJECTED, reason, change.source));
    }
}
