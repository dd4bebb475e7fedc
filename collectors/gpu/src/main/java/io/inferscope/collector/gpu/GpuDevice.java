package io.inferscope.collector.gpu;

import com.sun.jna.Pointer;

/**
 * One GPU NVML enumerated: its index, its {@code nvmlDevice_t} handle, and its identity (the UUID
 * keys its records; the name is the marketing name, e.g. {@code NVIDIA H100 80GB HBM3}).
 */
public record GpuDevice(int index, Pointer handle, String uuid, String name) {
    @Override
    public String toString() {
        return "GPU " + index + " (" + uuid + (name == null ? "" : ", " + name) + ")";
    }
}
