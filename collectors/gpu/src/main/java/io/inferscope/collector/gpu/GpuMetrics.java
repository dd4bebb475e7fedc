package io.inferscope.collector.gpu;

import io.inferscope.collector.core.PrometheusWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The GPU collector's self-metrics, served next to the publisher's on {@code /metrics}:
 *
 * <ul>
 *   <li>{@code inferscope_gpu_samples_total}: sample records produced.
 *   <li>{@code inferscope_gpu_xid_events_total}: XID records produced.
 *   <li>{@code inferscope_gpu_gpus}: GPUs being sampled now.
 *   <li>{@code inferscope_gpu_lost_total}: GPUs that answered {@code GPU_IS_LOST} (no longer
 *       sampled).
 *   <li>{@code inferscope_gpu_nvml_errors_total{code,error}}: failed NVML calls by return code
 *       ({@code NOT_SUPPORTED} is a capability, not an error, and is not counted).
 *   <li>{@code inferscope_gpu_records_refused_total}: records the publisher did not accept.
 *   <li>{@code inferscope_gpu_attribution_errors_total}: failed pod-attribution lookups.
 * </ul>
 */
public final class GpuMetrics {
    final LongAdder samples = new LongAdder();
    final LongAdder xids = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder attributionErrors = new LongAdder();
    final AtomicInteger gpus = new AtomicInteger();
    private final Map<Integer, LongAdder> nvmlErrors = new ConcurrentHashMap<>();

    void nvmlError(int code) {
        nvmlErrors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public long samples() {
        return samples.sum();
    }

    public long xidEvents() {
        return xids.sum();
    }

    public long gpusLost() {
        return lost.sum();
    }

    public int gpus() {
        return gpus.get();
    }

    public long recordsRefused() {
        return refused.sum();
    }

    public long attributionErrors() {
        return attributionErrors.sum();
    }

    /** Failed NVML calls by return code. */
    public Map<Integer, Long> nvmlErrors() {
        Map<Integer, Long> out = new TreeMap<>();
        nvmlErrors.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    /** Writes every family; pass to {@code SelfMetricsServer#addCollector}. */
    public void writeTo(PrometheusWriter w) {
        w.counter("inferscope_gpu_samples_total", "GPU sample records produced.")
                .sample(samples.sum());
        w.counter("inferscope_gpu_xid_events_total", "GPU XID critical-error records produced.")
                .sample(xids.sum());
        w.gauge("inferscope_gpu_gpus", "GPUs being sampled.").sample(gpus.get());
        w.counter("inferscope_gpu_lost_total", "GPUs lost (GPU_IS_LOST); no longer sampled.")
                .sample(lost.sum());
        w.counter("inferscope_gpu_nvml_errors_total", "Failed NVML calls by return code.");
        nvmlErrors()
                .forEach(
                        (code, n) ->
                                w.sample(
                                        n,
                                        "code",
                                        Integer.toString(code),
                                        "error",
                                        NvmlReturn.name(code)));
        w.counter("inferscope_gpu_records_refused_total", "Records the publisher did not accept.")
                .sample(refused.sum());
        w.counter("inferscope_gpu_attribution_errors_total", "Failed pod-attribution lookups.")
                .sample(attributionErrors.sum());
    }
}
