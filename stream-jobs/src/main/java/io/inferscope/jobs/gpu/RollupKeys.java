package io.inferscope.jobs.gpu;

import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.Scope;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Routes each final per-GPU window to the rollups it belongs to: its node (when the GPU's node is
 * known) and its deployment (only when the GPU is attributed to a pod of a deployment; GPUs without
 * attribution are in no deployment rollup). The rollup key is the scope and the labels it groups
 * by, joined by the ASCII unit separator (stable hashing across JVMs).
 */
public final class RollupKeys implements FlatMapFunction<GpuWindow, GpuWindow> {
    private static final long serialVersionUID = 1L;
    private static final String SEP = "\u001f";

    @Override
    public void flatMap(GpuWindow w, Collector<GpuWindow> out) {
        if (w.node != null) {
            out.collect(copy(w, key(Scope.NODE, w.cluster, w.node)));
        }
        if (w.deployment != null) {
            out.collect(copy(w, key(Scope.DEPLOYMENT, w.cluster, w.namespace, w.deployment)));
        }
    }

    static String key(Scope scope, String... parts) {
        StringBuilder sb = new StringBuilder(scope.wire());
        for (String p : parts) {
            sb.append(SEP).append(p == null ? "" : p);
        }
        return sb.toString();
    }

    static Scope scope(String key) {
        return key.startsWith(Scope.NODE.wire() + SEP) ? Scope.NODE : Scope.DEPLOYMENT;
    }

    /** The Kafka key of an output record: {@code gpu_uuid | node | namespace/deployment}. */
    public static String kafkaKey(GpuMetrics m) {
        return switch (m.scope()) {
            case GPU -> m.gpuUuid();
            case NODE -> m.labels().node();
            default -> m.labels().namespace() + "/" + m.labels().deployment();
        };
    }

    /** A shallow copy is enough: windows are final and never mutated after this point. */
    private static GpuWindow copy(GpuWindow w, String key) {
        GpuWindow c = new GpuWindow();
        c.windowStartMs = w.windowStartMs;
        c.gpuUuid = w.gpuUuid;
        c.rollupKey = key;
        c.cluster = w.cluster;
        c.namespace = w.namespace;
        c.deployment = w.deployment;
        c.model = w.model;
        c.replica = w.replica;
        c.node = w.node;
        c.labelsTsMs = w.labelsTsMs;
        c.gpus = w.gpus;
        c.samples = w.samples;
        c.utilization = w.utilization;
        c.utilizationCount = w.utilizationCount;
        c.utilizationSum = w.utilizationSum;
        c.memoryUsedMaxBytes = w.memoryUsedMaxBytes;
        c.memoryTotalBytes = w.memoryTotalBytes;
        c.memoryUsedRatioMax = w.memoryUsedRatioMax;
        c.temperatureMaxC = w.temperatureMaxC;
        c.powerSumW = w.powerSumW;
        c.powerCount = w.powerCount;
        c.xidErrors = w.xidErrors;
        return c;
    }
}
