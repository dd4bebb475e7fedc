package io.inferscope.jobs.logs;

import io.inferscope.jobs.common.Ingested;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each line to its container group and, when the line names a deployment, to the deployment's
 * group: one keyed window operator then counts both scopes against one watermark.
 */
public final class LogScopes implements FlatMapFunction<Ingested<LogLine>, LogFact> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Ingested<LogLine> in, Collector<LogFact> out) {
        LogLine l = in.record;
        out.collect(LogFact.of(containerKey(l), true, l, in.topic, in.partition, in.offset));
        if (l.labels().deployment() != null) {
            out.collect(
                    LogFact.of(
                            deploymentKey(l.labels()),
                            false,
                            l,
                            in.topic,
                            in.partition,
                            in.offset));
        }
    }

    /** {@code namespace/pod/container}, the Kafka key of container records. */
    static String containerKey(LogLine l) {
        return dash(l.labels().namespace())
                + "/"
                + dash(l.labels().replica())
                + "/"
                + dash(l.container());
    }

    /** {@code namespace/deployment}, the Kafka key of deployment records. */
    static String deploymentKey(Labels labels) {
        return dash(labels.namespace()) + "/" + dash(labels.deployment());
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
