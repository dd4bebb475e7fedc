package io.inferscope.collector.gpu;

/**
 * One reading of a GPU, in the record's units (percent, bytes, degrees Celsius, watts, MHz). A
 * field is null when the GPU does not support it or the call failed: absent, never zero.
 */
record GpuReading(
        Double utilizationGpuPct,
        Double utilizationMemoryPct,
        Long memoryTotalBytes,
        Long memoryUsedBytes,
        Long memoryFreeBytes,
        Double temperatureC,
        Double powerW,
        Double powerLimitW,
        Integer smClockMhz) {}
