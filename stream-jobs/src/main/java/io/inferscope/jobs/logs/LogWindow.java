package io.inferscope.jobs.logs;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.Scope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts of one window of one group, a Flink POJO (lines per level in an array indexed by
 * {@link LogLine.Level}, so no Kryo). Labels are those of the newest line of the window.
 */
public final class LogWindow {
    public long windowStartMs;
    public boolean container;
    public String cluster;
    public String namespace;
    public String deployment;
    public String model;
    public String replica;
    public String node;
    public String containerName;
    public long labelsTsMs = Long.MIN_VALUE;
    public long[] byLevel = new long[LogLine.Level.values().length];

    public LogWindow() {}

    void add(LogLine l) {
        byLevel[l.level().ordinal()]++;
        if (l.tsMs() >= labelsTsMs) {
            labelsTsMs = l.tsMs();
            Labels x = l.labels();
            cluster = x.cluster();
            namespace = x.namespace();
            deployment = x.deployment();
            model = x.model();
            replica = x.replica();
            node = x.node();
            containerName = l.container();
        }
    }

    LogMetrics toMetrics(long sizeMs) {
        int windowS = (int) (sizeMs / 1000);
        Map<String, Long> levels = new LinkedHashMap<>();
        long lines = 0;
        long errors = 0;
        for (LogLine.Level level : LogLine.Level.values()) {
            long n = byLevel[level.ordinal()];
            lines += n;
            if (n > 0) {
                levels.put(level.wire(), n);
            }
            if (level.isErrorOrWorse()) {
                errors += n;
            }
        }
        Labels labels =
                container
                        ? new Labels(cluster, namespace, deployment, model, replica, node)
                        : new Labels(cluster, namespace, deployment, null, null, null);
        return new LogMetrics(
                windowStartMs,
                windowStartMs + sizeMs,
                windowS,
                container ? Scope.CONTAINER : Scope.DEPLOYMENT,
                labels,
                container ? containerName : null,
                lines,
                levels,
                errors,
                errors / (double) windowS);
    }
}
