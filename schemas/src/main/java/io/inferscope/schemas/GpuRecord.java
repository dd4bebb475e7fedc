package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One GPU record on {@code inferscope.raw.gpu}, keyed by GPU UUID: a periodic {@code sample} or an
 * {@code xid} critical-error event. Fields the GPU does not support are absent, never zero.
 * Attribution ({@code labels.namespace/deployment/replica}, {@code container}) is present when the
 * collector could map the GPU to the pod holding it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpuRecord(
        @JsonProperty(required = true) Type type,
        @JsonProperty(required = true) long tsMs,
        String gpuUuid,
        Integer gpuIndex,
        String gpuName,
        Labels labels,
        String container,
        Double utilizationGpuPct,
        Double utilizationMemoryPct,
        Long memoryTotalBytes,
        Long memoryUsedBytes,
        Long memoryFreeBytes,
        Double temperatureC,
        Double powerW,
        Double powerLimitW,
        Integer smClockMhz,
        Integer xid) {

    public GpuRecord {
        Check.required("type", type);
        Check.timestamp("ts_ms", tsMs);
        Check.requiredText("gpu_uuid", gpuUuid);
        labels = labels == null ? Labels.EMPTY : labels;
        Check.nonNegative("gpu_index", gpuIndex);
        Check.percent("utilization_gpu_pct", utilizationGpuPct);
        Check.percent("utilization_memory_pct", utilizationMemoryPct);
        Check.nonNegative("memory_total_bytes", memoryTotalBytes);
        Check.nonNegative("memory_used_bytes", memoryUsedBytes);
        Check.nonNegative("memory_free_bytes", memoryFreeBytes);
        Check.nonNegative("power_w", powerW);
        Check.nonNegative("power_limit_w", powerLimitW);
        Check.nonNegative("sm_clock_mhz", smClockMhz);
        if (type == Type.XID) {
            Check.required("xid", xid);
        } else {
            Check.absent("xid", xid, "on a sample record");
        }
    }

    public enum Type implements WireEnum {
        SAMPLE("sample"),
        XID("xid");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }
}
