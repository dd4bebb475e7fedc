package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Cluster metrics for one window and deployment on {@code inferscope.metrics.cluster}, keyed by
 * {@code namespace/deployment}. Replica counts are the last values seen; {@code restarts} counts
 * container restarts inside the window; {@code scheduling_delay_ms} is PodScheduled − creation.
 * {@code quota_used_ratio} maps {@code quota/resource} to used ÷ hard. {@code cpu_*} in cores,
 * {@code memory_*} in bytes, {@code gpu_*} in devices; {@code *_used_to_requested} is present when
 * usage is known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterMetrics(
        @JsonProperty(required = true) long windowStartMs,
        @JsonProperty(required = true) long windowEndMs,
        @JsonProperty(required = true) int windowS,
        Labels labels,
        Integer replicasDesired,
        Integer replicasReady,
        Integer replicasAvailable,
        Integer replicasUpdated,
        Integer hpaMin,
        Integer hpaMax,
        Integer hpaCurrent,
        Integer hpaDesired,
        Map<String, Integer> podsByPhase,
        Map<String, Integer> podsByWaitingReason,
        int stuckPods,
        long restarts,
        long scalingEvents,
        Quantiles schedulingDelayMs,
        Map<String, Double> quotaUsedRatio,
        Double cpuRequestedCores,
        Double cpuLimitCores,
        Double cpuUsedCores,
        Long memoryRequestedBytes,
        Long memoryLimitBytes,
        Long memoryUsedBytes,
        Double gpuRequested,
        Double gpuLimit,
        Double cpuUsedToRequested,
        Double memoryUsedToRequested,
        Map<String, Long> warningEvents) {

    public ClusterMetrics {
        Windows.check(windowStartMs, windowEndMs, windowS);
        labels = labels == null ? Labels.EMPTY : labels;
        podsByPhase = Check.nonNegativeMap("pods_by_phase", podsByPhase);
        podsByWaitingReason = Check.nonNegativeMap("pods_by_waiting_reason", podsByWaitingReason);
        Check.nonNegative("stuck_pods", stuckPods);
        Check.nonNegative("restarts", restarts);
        Check.nonNegative("scaling_events", scalingEvents);
        quotaUsedRatio = Check.nonNegativeMap("quota_used_ratio", quotaUsedRatio);
        warningEvents = Check.nonNegativeMap("warning_events", warningEvents);
        Check.nonNegative("replicas_desired", replicasDesired);
        Check.nonNegative("replicas_ready", replicasReady);
        Check.nonNegative("replicas_available", replicasAvailable);
        Check.nonNegative("replicas_updated", replicasUpdated);
        Check.nonNegative("hpa_min", hpaMin);
        Check.nonNegative("hpa_max", hpaMax);
        Check.nonNegative("hpa_current", hpaCurrent);
        Check.nonNegative("hpa_desired", hpaDesired);
        Check.nonNegative("cpu_requested_cores", cpuRequestedCores);
        Check.nonNegative("cpu_limit_cores", cpuLimitCores);
        Check.nonNegative("cpu_used_cores", cpuUsedCores);
        Check.nonNegative("memory_requested_bytes", memoryRequestedBytes);
        Check.nonNegative("memory_limit_bytes", memoryLimitBytes);
        Check.nonNegative("memory_used_bytes", memoryUsedBytes);
        Check.nonNegative("gpu_requested", gpuRequested);
        Check.nonNegative("gpu_limit", gpuLimit);
        Check.ratio("cpu_used_to_requested", cpuUsedToRequested);
        Check.ratio("memory_used_to_requested", memoryUsedToRequested);
    }
}
