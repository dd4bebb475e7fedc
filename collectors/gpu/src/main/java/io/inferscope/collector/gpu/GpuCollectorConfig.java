package io.inferscope.collector.gpu;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link GpuCollector} needs: the NVML library to load, how often to sample, the labels every
 * record carries, where pod attribution comes from, and how long one XID wait may block (which
 * bounds how fast {@link GpuCollector#close} returns).
 *
 * @param nvmlLibrary a file name the dynamic loader finds ({@value Nvml#DEFAULT_LIBRARY}) or a path
 * @param attribution owned by the collector from {@code start} on: it closes it
 */
public record GpuCollectorConfig(
        String nvmlLibrary,
        Duration interval,
        String cluster,
        String node,
        Attribution attribution,
        Duration xidWaitTimeout) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_XID_WAIT = Duration.ofMillis(500);

    public GpuCollectorConfig {
        Objects.requireNonNull(nvmlLibrary, "nvmlLibrary");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        if (xidWaitTimeout == null || xidWaitTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("xidWaitTimeout must be at least 1 ms");
        }
        attribution = attribution == null ? Attribution.NONE : attribution;
    }

    /** The driver's NVML, every second, no labels, no attribution. */
    public static GpuCollectorConfig defaults() {
        return new GpuCollectorConfig(
                Nvml.DEFAULT_LIBRARY, DEFAULT_INTERVAL, null, null, null, DEFAULT_XID_WAIT);
    }

    public GpuCollectorConfig withNvmlLibrary(String v) {
        return new GpuCollectorConfig(v, interval, cluster, node, attribution, xidWaitTimeout);
    }

    public GpuCollectorConfig withInterval(Duration v) {
        return new GpuCollectorConfig(nvmlLibrary, v, cluster, node, attribution, xidWaitTimeout);
    }

    public GpuCollectorConfig withLabels(String newCluster, String newNode) {
        return new GpuCollectorConfig(
                nvmlLibrary, interval, newCluster, newNode, attribution, xidWaitTimeout);
    }

    public GpuCollectorConfig withAttribution(Attribution v) {
        return new GpuCollectorConfig(nvmlLibrary, interval, cluster, node, v, xidWaitTimeout);
    }

    public GpuCollectorConfig withXidWaitTimeout(Duration v) {
        return new GpuCollectorConfig(nvmlLibrary, interval, cluster, node, attribution, v);
    }
}
