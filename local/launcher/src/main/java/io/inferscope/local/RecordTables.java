package io.inferscope.local;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.RuleStatus;
import io.inferscope.schemas.TokenProgress;
import java.util.Map;

/** The table layout of each record type of the catalog. */
final class RecordTables {
    private static final Map<Class<?>, RecordTable<?>> BY_TYPE =
            Map.ofEntries(
                    Map.entry(RequestEvent.class, RawColumns.REQUESTS),
                    Map.entry(TokenProgress.class, RawColumns.TOKENS),
                    Map.entry(GpuRecord.class, RawColumns.GPU),
                    Map.entry(K8sRecord.class, RawColumns.K8S),
                    Map.entry(LogLine.class, RawColumns.LOGS),
                    Map.entry(RequestMetrics.class, DerivedColumns.REQUESTS),
                    Map.entry(GpuMetrics.class, DerivedColumns.GPU),
                    Map.entry(ClusterMetrics.class, DerivedColumns.CLUSTER),
                    Map.entry(LogMetrics.class, DerivedColumns.LOGS),
                    Map.entry(Alert.class, DerivedColumns.ALERTS),
                    Map.entry(AlertRule.class, DerivedColumns.ALERT_RULES),
                    Map.entry(RuleStatus.class, DerivedColumns.RULE_STATUS),
                    Map.entry(DeadLetter.class, DerivedColumns.DEADLETTER));

    private RecordTables() {}

    /** The layout of {@code type}; a type without one fails loudly (a test covers the catalog). */
    @SuppressWarnings("unchecked")
    static <T> RecordTable<T> of(Class<T> type) {
        RecordTable<?> table = BY_TYPE.get(type);
        if (table == null) {
            throw new IllegalArgumentException("no table layout for " + type.getName());
        }
        return (RecordTable<T>) table;
    }
}
