package io.inferscope.local.sim;

import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Labels;
import io.inferscope.simulator.ReplicaStats;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The GPU sample a simulated replica's card would report, as a pure function of the replica's
 * state: an H100 80 GB whose utilization follows batch occupancy and whose memory holds the model
 * weights plus the KV cache in use. A down replica's process is gone: no utilization, no memory.
 */
public final class GpuSamples {
    public static final String GPU_NAME = "NVIDIA H100 80GB HBM3";
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    /** What NVML reports as total on an H100 80GB HBM3 (81559 MiB). */
    public static final long MEMORY_TOTAL = 81_559 * MIB;

    /** fp16 weights of a 7–8B model plus the CUDA context. */
    public static final long WEIGHTS = 16 * GIB;

    /**
     * What vLLM pre-allocates for the KV cache (~59 GB), {@code kvCacheFill} being the share in
     * use: with the weights, at most ~89 % of the card, as with vLLM's default {@code
     * gpu_memory_utilization} 0.9 — so only the pressure incident crosses 95 %.
     */
    public static final long KV_BUDGET = 55 * GIB;

    /** Memory used under the simulated memory-pressure incident: 97 % of the card. */
    public static final double PRESSURE_RATIO = 0.97;

    public static final double POWER_LIMIT_W = 700.0;

    private GpuSamples() {}

    /** A stable {@code GPU-<uuid>} per pod, the same in every run. */
    public static String uuidFor(SimDeployment d, String pod) {
        String seed = "gpu/" + d.cluster() + "/" + d.namespace() + "/" + pod;
        return "GPU-" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Utilization in percent: the share of busy batch slots, a little higher when requests wait
     * (the batch is full), plus {@code noise} (−1..1, ±3 points); 0 when nothing runs.
     */
    public static double utilizationPct(ReplicaStats s, double noise) {
        if (s.down() || s.activeSlots() == 0) {
            return 0;
        }
        double occupancy = s.activeSlots() / (double) Math.max(1, s.slots());
        double u = 8 + 86 * occupancy + (s.queued() > 0 ? 4 : 0) + 3 * noise;
        return Math.round(Math.max(1, Math.min(100, u)) * 10) / 10.0;
    }

    /** Weights + KV cache in use, or {@link #PRESSURE_RATIO} of the card under pressure. */
    public static long memoryUsedBytes(ReplicaStats s, boolean pressure) {
        if (s.down()) {
            return 0;
        }
        if (pressure) {
            return (long) (MEMORY_TOTAL * PRESSURE_RATIO);
        }
        double fill = Math.max(0, Math.min(1, s.kvCacheFill()));
        return WEIGHTS + (long) (fill * KV_BUDGET);
    }

    public static GpuRecord sample(
            SimDeployment d,
            String pod,
            String node,
            ReplicaStats s,
            boolean pressure,
            double noise,
            long tsMs) {
        double util = utilizationPct(s, noise);
        long used = memoryUsedBytes(s, pressure);
        double temperature = Math.round(33 + 0.48 * util);
        double power = Math.round((72 + 6.1 * util) * 10) / 10.0;
        Labels labels = d.labels(pod, node);
        return new GpuRecord(
                GpuRecord.Type.SAMPLE,
                tsMs,
                uuidFor(d, pod),
                0,
                GPU_NAME,
                labels,
                K8sObjects.CONTAINER,
                util,
                Math.round(util * 0.6 * 10) / 10.0,
                MEMORY_TOTAL,
                used,
                MEMORY_TOTAL - used,
                temperature,
                Math.min(power, POWER_LIMIT_W),
                POWER_LIMIT_W,
                util > 0 ? 1980 : 345,
                null);
    }
}
