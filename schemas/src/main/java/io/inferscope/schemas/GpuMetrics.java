package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * GPU metrics for one window on {@code inferscope.metrics.gpu}, per GPU (scope {@code gpu}, keyed
 * by UUID) and rolled up per node and per deployment. Utilization in percent; memory in bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpuMetrics(
        @JsonProperty(required = true) long windowStartMs,
        @JsonProperty(required = true) long windowEndMs,
        @JsonProperty(required = true) int windowS,
        @JsonProperty(required = true) Scope scope,
        Labels labels,
        String gpuUuid,
        int gpus,
        long samples,
        Double utilizationMean,
        Double utilizationMax,
        Double utilizationP95,
        Long memoryUsedMaxBytes,
        Long memoryTotalBytes,
        Double memoryUsedRatioMax,
        Double temperatureMaxC,
        Double powerMeanW,
        long xidErrors) {

    public GpuMetrics {
        Windows.check(windowStartMs, windowEndMs, windowS);
        Check.required("scope", scope);
        labels = labels == null ? Labels.EMPTY : labels;
        Check.nonNegative("gpus", gpus);
        Check.nonNegative("samples", samples);
        Check.percent("utilization_mean", utilizationMean);
        Check.percent("utilization_max", utilizationMax);
        Check.percent("utilization_p95", utilizationP95);
        Check.nonNegative("memory_used_max_bytes", memoryUsedMaxBytes);
        Check.nonNegative("memory_total_bytes", memoryTotalBytes);
        Check.ratio("memory_used_ratio_max", memoryUsedRatioMax);
        Check.nonNegative("power_mean_w", powerMeanW);
        Check.nonNegative("xid_errors", xidErrors);
    }
}
