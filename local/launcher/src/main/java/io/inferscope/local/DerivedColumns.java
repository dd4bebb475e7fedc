package io.inferscope.local;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.Quantiles;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.RuleStatus;
import io.inferscope.schemas.Scope;

/** Table columns of the derived records: the window, the group, the main numbers. */
final class DerivedColumns {
    // Bounded columns first, so they line up; the group (deployment/model, pod, GPU) last.
    static final RecordTable<RequestMetrics> REQUESTS =
            new RecordTable<RequestMetrics>()
                    .col("WINDOW", 19, r -> Fmt.window(r.windowStartMs(), r.windowS()))
                    .col("RPS", 6, r -> Fmt.num(r.rps()))
                    .col("ERR%", 6, r -> Fmt.ratioPct(r.errorRate()))
                    .col("INFL_MAX/END", 12, r -> r.inflightMax() + "/" + r.inflightEnd())
                    .col("TTFT_P50", 8, r -> Fmt.q(r.ttftMs(), Quantiles::p50))
                    .col("TTFT_P99", 8, r -> Fmt.q(r.ttftMs(), Quantiles::p99))
                    .col("E2E_P99", 8, r -> Fmt.q(r.e2eMs(), Quantiles::p99))
                    .col("TOK/S", 7, r -> Fmt.num(r.completionTps()))
                    .col("GROUP", 0, DerivedColumns::requestGroup);

    static final RecordTable<GpuMetrics> GPU =
            new RecordTable<GpuMetrics>()
                    .col("WINDOW", 19, r -> Fmt.window(r.windowStartMs(), r.windowS()))
                    .col("SCOPE", 10, r -> r.scope().wire())
                    .col("GPUS", 4, r -> String.valueOf(r.gpus()))
                    .col("UTIL_MEAN", 9, r -> Fmt.pct(r.utilizationMean()))
                    .col("UTIL_P95", 8, r -> Fmt.pct(r.utilizationP95()))
                    .col("MEM_MAX", 7, r -> Fmt.ratioPct(r.memoryUsedRatioMax()))
                    .col("TEMP_MAX", 8, r -> Fmt.num(r.temperatureMaxC()))
                    .col("POWER_W", 7, r -> Fmt.num(r.powerMeanW()))
                    .col("XID", 3, r -> String.valueOf(r.xidErrors()))
                    .col("GROUP", 0, DerivedColumns::gpuGroup);

    static final RecordTable<ClusterMetrics> CLUSTER =
            new RecordTable<ClusterMetrics>()
                    .col("WINDOW", 19, r -> Fmt.window(r.windowStartMs(), r.windowS()))
                    .col(
                            "READY",
                            5,
                            r -> Fmt.or(r.replicasReady()) + "/" + Fmt.or(r.replicasDesired()))
                    .col("HPA", 6, DerivedColumns::hpa)
                    .col("RESTARTS", 8, r -> String.valueOf(r.restarts()))
                    .col("STUCK", 5, r -> String.valueOf(r.stuckPods()))
                    .col("SCHED_P99", 9, r -> Fmt.q(r.schedulingDelayMs(), Quantiles::p99))
                    .col(
                            "DEPLOYMENT",
                            36,
                            r -> Fmt.nsName(r.labels().namespace(), r.labels().deployment()))
                    .col("PODS", 24, r -> Fmt.counts(r.podsByPhase()))
                    .col("WAITING", 0, r -> Fmt.counts(r.podsByWaitingReason()));

    static final RecordTable<LogMetrics> LOGS =
            new RecordTable<LogMetrics>()
                    .col("WINDOW", 19, r -> Fmt.window(r.windowStartMs(), r.windowS()))
                    .col("SCOPE", 10, r -> r.scope().wire())
                    .col("LINES", 6, r -> String.valueOf(r.lines()))
                    .col("ERRORS", 6, r -> String.valueOf(r.errorLines()))
                    .col("ERR/S", 6, r -> Fmt.num(r.errorLinesPerS()))
                    .col("GROUP", 0, DerivedColumns::logGroup);

    static final RecordTable<Alert> ALERTS =
            new RecordTable<Alert>()
                    .col("UPDATED", 18, r -> Fmt.time(r.updatedAtMs()))
                    .col("STATUS", 8, r -> r.status().wire())
                    .col("SEVERITY", 8, r -> r.severity().wire())
                    .col("RULE", 24, Alert::rule)
                    .col("VALUE", 8, r -> Fmt.num(r.value()))
                    .col("THRESHOLD", 9, r -> Fmt.num(r.threshold()))
                    .col("SINCE", 18, r -> Fmt.time(r.startsAtMs()))
                    .col("FINGERPRINT", 16, Alert::fingerprint)
                    .col("GROUP", 0, DerivedColumns::alertGroup);

    static final RecordTable<AlertRule> ALERT_RULES =
            new RecordTable<AlertRule>()
                    .col("RULE", 28, AlertRule::name)
                    .col("TYPE", 10, r -> r.type().wire())
                    .col("SEVERITY", 8, r -> r.severity().wire())
                    .col("METRIC", 28, r -> Fmt.or(r.metric()))
                    .col("FOR", 6, r -> Fmt.or(r.forDuration()))
                    .col("THRESHOLD", 0, r -> Fmt.num(r.threshold()));

    static final RecordTable<RuleStatus> RULE_STATUS =
            new RecordTable<RuleStatus>()
                    .col("TIME", 18, r -> Fmt.time(r.tsMs()))
                    .col("RULE", 28, RuleStatus::rule)
                    .col("STATUS", 9, r -> r.status().wire())
                    .col("REASON", 0, r -> Fmt.oneLine(Fmt.or(r.reason()), 160));

    static final RecordTable<DeadLetter> DEADLETTER =
            new RecordTable<DeadLetter>()
                    .col("TIME", 18, r -> Fmt.time(r.tsMs()))
                    .col("SOURCE", 20, DeadLetter::source)
                    .col("FIELD", 16, DeadLetter::fieldPath)
                    .col("FROM", 40, DerivedColumns::origin)
                    .col("REASON", 0, r -> Fmt.oneLine(r.reason(), 160));

    private DerivedColumns() {}

    private static String requestGroup(RequestMetrics r) {
        String key = r.labels().deploymentModelKey();
        return r.scope() == Scope.REPLICA ? key + "/" + Fmt.or(r.labels().replica()) : key;
    }

    private static String gpuGroup(GpuMetrics r) {
        Labels l = r.labels();
        return switch (r.scope()) {
            // The pod holding the GPU, where attributed, so rows read without a UUID lookup.
            case GPU ->
                    Fmt.or(r.gpuUuid())
                            + (l.replica() == null
                                    ? ""
                                    : " " + Fmt.nsName(l.namespace(), l.replica()));
            case NODE -> Fmt.or(l.node());
            default -> Fmt.nsName(l.namespace(), l.deployment());
        };
    }

    private static String logGroup(LogMetrics r) {
        Labels l = r.labels();
        if (r.scope() == Scope.CONTAINER) {
            return Fmt.or(l.namespace()) + "/" + Fmt.or(l.replica()) + "/" + Fmt.or(r.container());
        }
        return Fmt.nsName(l.namespace(), l.deployment());
    }

    private static String hpa(ClusterMetrics r) {
        if (r.hpaDesired() == null && r.hpaCurrent() == null) {
            return Fmt.NONE;
        }
        return Fmt.or(r.hpaCurrent()) + "->" + Fmt.or(r.hpaDesired());
    }

    private static String alertGroup(Alert r) {
        String deployment = r.labels().get("deployment");
        String model = r.labels().get("model");
        if (deployment == null && model == null) {
            return r.labels().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(" "));
        }
        return Fmt.or(deployment) + (model == null ? "" : "/" + model);
    }

    private static String origin(DeadLetter r) {
        if (r.sourceTopic() == null) {
            return Fmt.NONE;
        }
        return r.sourceTopic()
                + (r.partition() == null ? "" : ":" + r.partition())
                + (r.offset() == null ? "" : "@" + r.offset());
    }
}
