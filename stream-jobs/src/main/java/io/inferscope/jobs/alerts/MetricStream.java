package io.inferscope.jobs.alerts;

import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import java.util.Locale;

/**
 * The derived streams a rule can watch, named by the first segment of a metric path ({@code
 * requests.ttft_ms.p99}). Each has a default scope: without one, a rule would see a deployment's
 * record and each replica's record as separate groups of the same window.
 */
enum MetricStream {
    REQUESTS(RequestMetrics.class, Scope.DEPLOYMENT_MODEL),
    GPU(GpuMetrics.class, Scope.DEPLOYMENT),
    CLUSTER(ClusterMetrics.class, null),
    LOGS(LogMetrics.class, Scope.DEPLOYMENT);

    final Class<?> recordType;
    final Scope defaultScope;

    MetricStream(Class<?> recordType, Scope defaultScope) {
        this.recordType = recordType;
        this.defaultScope = defaultScope;
    }

    String prefix() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean hasScope() {
        return defaultScope != null;
    }

    static MetricStream byPrefix(String prefix) {
        for (MetricStream s : values()) {
            if (s.prefix().equals(prefix)) {
                return s;
            }
        }
        return null;
    }
}
