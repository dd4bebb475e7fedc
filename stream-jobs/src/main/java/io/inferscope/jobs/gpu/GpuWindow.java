package io.inferscope.jobs.gpu;

import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Scope;
import java.util.Arrays;

/**
 * What one window holds for one GPU, or for a rollup of several: exact sums, counts and maxima, and
 * the raw utilization samples. A Flink POJO (public fields), so state and the stream between the
 * per-GPU windows and the rollups need no Kryo.
 *
 * <p>Why raw samples and not a sketch: a GPU is sampled about once a second, so a 10 s window holds
 * about ten values; keeping them makes the p95 exact, and the p95 of a rollup is computed over the
 * union of its GPUs' samples (a max or mean of per-GPU p95s would be wrong). A rollup of a 64-GPU
 * node holds ~640 doubles for the length of one window.
 */
public final class GpuWindow {
    /** Start of the window (epoch ms). */
    public long windowStartMs;

    /** The GPU (per-GPU windows; null in rollups). */
    public String gpuUuid;

    /** The rollup key this copy is routed by (set by {@link RollupKeys}); null per GPU. */
    public String rollupKey;

    /** Labels of the newest sample of the window (attribution can change inside a window). */
    public String cluster;

    public String namespace;
    public String deployment;
    public String model;
    public String replica;
    public String node;
    public long labelsTsMs = Long.MIN_VALUE;

    public int gpus = 1;
    public long samples;
    public double[] utilization = new double[0];
    public int utilizationCount;
    public double utilizationSum;
    public Long memoryUsedMaxBytes;
    public Long memoryTotalBytes;
    public Double memoryUsedRatioMax;
    public Double temperatureMaxC;
    public double powerSumW;
    public long powerCount;
    public long xidErrors;

    public GpuWindow() {}

    static GpuWindow forGpu(String uuid, long windowStartMs) {
        GpuWindow w = new GpuWindow();
        w.gpuUuid = uuid;
        w.windowStartMs = windowStartMs;
        return w;
    }

    /** Adds one raw record: a sample's readings, or one XID error. Absent readings are skipped. */
    public void add(GpuRecord r) {
        if (r.tsMs() >= labelsTsMs) {
            labelsTsMs = r.tsMs();
            Labels l = r.labels();
            cluster = l.cluster();
            namespace = l.namespace();
            deployment = l.deployment();
            model = l.model();
            replica = l.replica();
            node = l.node();
        }
        if (r.type() == GpuRecord.Type.XID) {
            xidErrors++;
            return;
        }
        samples++;
        if (r.utilizationGpuPct() != null) {
            addUtilization(r.utilizationGpuPct());
        }
        Long used = r.memoryUsedBytes();
        Long total = r.memoryTotalBytes();
        memoryUsedMaxBytes = max(memoryUsedMaxBytes, used);
        memoryTotalBytes = max(memoryTotalBytes, total);
        if (used != null && total != null && total > 0) {
            memoryUsedRatioMax = max(memoryUsedRatioMax, (double) used / total);
        }
        temperatureMaxC = max(temperatureMaxC, r.temperatureC());
        if (r.powerW() != null) {
            powerSumW += r.powerW();
            powerCount++;
        }
    }

    /**
     * Merges a GPU's window into this rollup: counts, sums and samples add, maxima take the max,
     * memory bytes add (the rollup's capacity and the sum of its GPUs' peaks), the used ratio takes
     * the fullest GPU.
     */
    public void merge(GpuWindow o) {
        gpus += o.gpus;
        samples += o.samples;
        for (int i = 0; i < o.utilizationCount; i++) {
            addUtilization(o.utilization[i]);
        }
        memoryUsedMaxBytes = sum(memoryUsedMaxBytes, o.memoryUsedMaxBytes);
        memoryTotalBytes = sum(memoryTotalBytes, o.memoryTotalBytes);
        memoryUsedRatioMax = max(memoryUsedRatioMax, o.memoryUsedRatioMax);
        temperatureMaxC = max(temperatureMaxC, o.temperatureMaxC);
        powerSumW += o.powerSumW;
        powerCount += o.powerCount;
        xidErrors += o.xidErrors;
    }

    /** An empty rollup (zero GPUs) of {@code scope} for the labels of {@code first}. */
    static GpuWindow rollupOf(GpuWindow first, Scope scope) {
        GpuWindow w = new GpuWindow();
        w.gpus = 0;
        w.windowStartMs = first.windowStartMs;
        w.cluster = first.cluster;
        if (scope == Scope.NODE) {
            w.node = first.node;
        } else {
            w.namespace = first.namespace;
            w.deployment = first.deployment;
        }
        return w;
    }

    public Labels labels() {
        return new Labels(cluster, namespace, deployment, model, replica, node);
    }

    public GpuMetrics toMetrics(Scope scope, int windowS) {
        return new GpuMetrics(
                windowStartMs,
                windowStartMs + windowS * 1000L,
                windowS,
                scope,
                labels(),
                gpuUuid,
                gpus,
                samples,
                utilizationCount == 0 ? null : clampPct(utilizationSum / utilizationCount),
                utilizationCount == 0 ? null : max(utilization, utilizationCount),
                p95(),
                memoryUsedMaxBytes,
                memoryTotalBytes,
                memoryUsedRatioMax,
                temperatureMaxC,
                powerCount == 0 ? null : powerSumW / powerCount,
                xidErrors);
    }

    /** Nearest-rank 95th percentile: the smallest sample with at least 95 % of samples ≤ it. */
    public Double p95() {
        if (utilizationCount == 0) {
            return null;
        }
        double[] sorted = Arrays.copyOf(utilization, utilizationCount);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * utilizationCount);
        return sorted[Math.max(0, rank - 1)];
    }

    private void addUtilization(double v) {
        if (utilizationCount == utilization.length) {
            utilization = Arrays.copyOf(utilization, Math.max(8, utilizationCount * 2));
        }
        utilization[utilizationCount++] = v;
        utilizationSum += v;
    }

    /** Rounding of a mean of percentages can land a hair above 100. */
    private static double clampPct(double v) {
        return Math.min(100.0, Math.max(0.0, v));
    }

    private static double max(double[] values, int n) {
        double m = values[0];
        for (int i = 1; i < n; i++) {
            m = Math.max(m, values[i]);
        }
        return m;
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    private static Double max(Double a, Double b) {
        return a == null ? b : b == null ? a : Double.valueOf(Math.max(a, b));
    }

    private static Long sum(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(a + b);
    }
}
