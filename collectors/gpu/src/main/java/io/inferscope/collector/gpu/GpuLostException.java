package io.inferscope.collector.gpu;

/** An NVML call answered {@code NVML_ERROR_GPU_IS_LOST}: the GPU fell off the bus. */
final class GpuLostException extends Exception {
    private static final long serialVersionUID = 1L;

    GpuLostException(String function) {
        super(function + " returned NVML_ERROR_GPU_IS_LOST");
    }
}
