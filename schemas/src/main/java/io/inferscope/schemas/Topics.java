package io.inferscope.schemas;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The topic catalog: every topic InferScope reads or writes, in one place. */
public final class Topics {
    private static final String DAY_MS = "86400000";
    private static final String WEEK_MS = "604800000";

    /**
     * Raw request and token records: 6 partitions, a multiple of the request job's usual
     * parallelism (1, 2, 3 or 6), so every source subtask reads as many partitions and none races
     * ahead in event time while the others' records wait in keyed state.
     */
    public static final TopicSpec<RequestEvent> RAW_REQUESTS =
            new TopicSpec<>(
                    "inferscope.raw.requests",
                    RequestEvent.class,
                    "request_id",
                    6,
                    Map.of("retention.ms", DAY_MS, "compression.type", "producer"));

    public static final TopicSpec<TokenProgress> RAW_TOKENS =
            new TopicSpec<>(
                    "inferscope.raw.tokens",
                    TokenProgress.class,
                    "request_id",
                    6,
                    Map.of("retention.ms", DAY_MS, "compression.type", "producer"));
    public static final TopicSpec<GpuRecord> RAW_GPU =
            new TopicSpec<>(
                    "inferscope.raw.gpu",
                    GpuRecord.class,
                    "gpu_uuid",
                    3,
                    Map.of("retention.ms", DAY_MS, "compression.type", "producer"));
    public static final TopicSpec<K8sRecord> RAW_K8S =
            new TopicSpec<>(
                    "inferscope.raw.k8s",
                    K8sRecord.class,
                    "uid",
                    3,
                    Map.of("retention.ms", WEEK_MS, "compression.type", "producer"));
    public static final TopicSpec<LogLine> RAW_LOGS =
            new TopicSpec<>(
                    "inferscope.raw.logs",
                    LogLine.class,
                    "namespace/pod/container",
                    3,
                    Map.of("retention.ms", "259200000", "compression.type", "producer"));
    public static final TopicSpec<RequestMetrics> METRICS_REQUESTS =
            new TopicSpec<>(
                    "inferscope.metrics.requests",
                    RequestMetrics.class,
                    "deployment/model[/replica]",
                    3,
                    Map.of("retention.ms", WEEK_MS));
    public static final TopicSpec<GpuMetrics> METRICS_GPU =
            new TopicSpec<>(
                    "inferscope.metrics.gpu",
                    GpuMetrics.class,
                    "gpu_uuid | node | namespace/deployment",
                    3,
                    Map.of("retention.ms", WEEK_MS));
    public static final TopicSpec<ClusterMetrics> METRICS_CLUSTER =
            new TopicSpec<>(
                    "inferscope.metrics.cluster",
                    ClusterMetrics.class,
                    "namespace/deployment",
                    3,
                    Map.of("retention.ms", WEEK_MS));
    public static final TopicSpec<LogMetrics> METRICS_LOGS =
            new TopicSpec<>(
                    "inferscope.metrics.logs",
                    LogMetrics.class,
                    "namespace/pod/container | namespace/deployment",
                    3,
                    Map.of("retention.ms", WEEK_MS));
    public static final TopicSpec<Alert> ALERTS =
            new TopicSpec<>(
                    "inferscope.alerts",
                    Alert.class,
                    "fingerprint",
                    1,
                    Map.of("retention.ms", "2592000000"));

    /**
     * Alert rules changed at run time: compacted, keyed by rule name, a tombstone deletes the rule.
     * Producers may also write the rule as YAML text (the alert job reads both).
     */
    public static final TopicSpec<AlertRule> ALERT_RULES =
            new TopicSpec<>(
                    "inferscope.alerts.rules",
                    AlertRule.class,
                    "rule name",
                    1,
                    Map.of("cleanup.policy", "compact", "retention.ms", WEEK_MS));

    public static final TopicSpec<RuleStatus> ALERT_RULES_STATUS =
            new TopicSpec<>(
                    "inferscope.alerts.rules.status",
                    RuleStatus.class,
                    "rule name",
                    1,
                    Map.of("retention.ms", WEEK_MS));
    public static final TopicSpec<DeadLetter> DEADLETTER =
            new TopicSpec<>(
                    "inferscope.deadletter",
                    DeadLetter.class,
                    "source topic",
                    1,
                    Map.of("retention.ms", WEEK_MS));

    public static final List<TopicSpec<?>> ALL =
            List.of(
                    RAW_REQUESTS,
                    RAW_TOKENS,
                    RAW_GPU,
                    RAW_K8S,
                    RAW_LOGS,
                    METRICS_REQUESTS,
                    METRICS_GPU,
                    METRICS_CLUSTER,
                    METRICS_LOGS,
                    ALERTS,
                    ALERT_RULES,
                    ALERT_RULES_STATUS,
                    DEADLETTER);

    private Topics() {}

    public static Optional<TopicSpec<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
