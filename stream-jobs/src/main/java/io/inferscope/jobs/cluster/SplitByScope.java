package io.inferscope.jobs.cluster;

import io.inferscope.jobs.common.Ingested;
import io.inferscope.schemas.K8sRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends quota records (per namespace) to the {@link #QUOTAS} side output and the records of a
 * deployment (pods, deployments, HPAs, events and usage that name one) on. Records of no deployment
 * (a bare pod, an event about a node) are valid but not this job's business: dropped, counted in
 * {@code unattributed}.
 */
public final class SplitByScope extends ProcessFunction<Ingested<K8sRecord>, Ingested<K8sRecord>> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Ingested<K8sRecord>> QUOTAS =
            new OutputTag<>("quotas", Ingested.typeInfo(K8sRecord.class));

    private transient Counter unattributed;

    @Override
    public void open(OpenContext openContext) {
        unattributed = getRuntimeContext().getMetricGroup().counter("unattributed");
    }

    @Override
    public void processElement(
            Ingested<K8sRecord> in, Context ctx, Collector<Ingested<K8sRecord>> out) {
        if (in.record.kind() == K8sRecord.Kind.QUOTA) {
            ctx.output(QUOTAS, in);
        } else if (ClusterKeys.deployment(in.record) != null) {
            out.collect(in);
        } else {
            unattributed.inc();
        }
    }
}
