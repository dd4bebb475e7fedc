package io.inferscope.collector.gpu;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@link GpuReading} from a GPU. Each NVML call stands alone: {@code NOT_SUPPORTED}
 * leaves its fields null, any other failure leaves them null too and is counted by code and logged
 * once per GPU, field and code; only {@code GPU_IS_LOST} ends the reading ({@link
 * GpuLostException}).
 *
 * <p>Memory: {@code nvmlDeviceGetMemoryInfo_v2} first (its {@code used} includes the memory the
 * driver reserves, as {@code nvidia-smi} shows it), {@code nvmlDeviceGetMemoryInfo} when the driver
 * lacks the v2 symbol (remembered) or the GPU answers {@code NOT_SUPPORTED}.
 */
final class GpuReader {
    private static final Logger LOG = LoggerFactory.getLogger(GpuReader.class);

    private final Nvml nvml;
    private final NvmlLibrary lib;
    private final GpuMetrics metrics;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile boolean memoryV2Symbol = true;

    GpuReader(Nvml nvml, GpuMetrics metrics) {
        this.nvml = nvml;
        this.lib = nvml.lib();
        this.metrics = metrics;
    }

    GpuReading read(GpuDevice gpu) throws GpuLostException {
        Pointer h = gpu.handle();
        Double utilGpu = null;
        Double utilMem = null;
        NvmlLibrary.Utilization util = new NvmlLibrary.Utilization();
        if (ok(gpu, "nvmlDeviceGetUtilizationRates", lib.nvmlDeviceGetUtilizationRates(h, util))) {
            utilGpu = percent(gpu, "utilization.gpu", util.gpu);
            utilMem = percent(gpu, "utilization.memory", util.memory);
        }
        long[] memory = memory(gpu);
        IntByReference out = new IntByReference();
        Double temperature =
                ok(
                                gpu,
                                "nvmlDeviceGetTemperature",
                                lib.nvmlDeviceGetTemperature(h, NvmlLibrary.TEMPERATURE_GPU, out))
                        ? (double) Integer.toUnsignedLong(out.getValue())
                        : null;
        Double power =
                ok(gpu, "nvmlDeviceGetPowerUsage", lib.nvmlDeviceGetPowerUsage(h, out))
                        ? watts(out.getValue())
                        : null;
        Double limit =
                ok(
                                gpu,
                                "nvmlDeviceGetEnforcedPowerLimit",
                                lib.nvmlDeviceGetEnforcedPowerLimit(h, out))
                        ? watts(out.getValue())
                        : null;
        Integer sm =
                ok(
                                gpu,
                                "nvmlDeviceGetClockInfo",
                                lib.nvmlDeviceGetClockInfo(h, NvmlLibrary.CLOCK_SM, out))
                        ? nonNegativeInt(out.getValue())
                        : null;
        return new GpuReading(
                utilGpu,
                utilMem,
                memory == null ? null : bytes(memory[0]),
                memory == null ? null : bytes(memory[1]),
                memory == null ? null : bytes(memory[2]),
                temperature,
                power,
                limit,
                sm);
    }

    /** {total, used, free} in bytes, or null. */
    private long[] memory(GpuDevice gpu) throws GpuLostException {
        if (memoryV2Symbol) {
            NvmlLibrary.MemoryV2 m = new NvmlLibrary.MemoryV2();
            try {
                int rc = lib.nvmlDeviceGetMemoryInfo_v2(gpu.handle(), m);
                if (rc != NvmlReturn.NOT_SUPPORTED) {
                    return ok(gpu, "nvmlDeviceGetMemoryInfo_v2", rc)
                            ? new long[] {m.total, m.used, m.free}
                            : null;
                }
            } catch (UnsatisfiedLinkError e) {
                memoryV2Symbol = false;
                LOG.info(
                        "{} has no nvmlDeviceGetMemoryInfo_v2 (driver older than r510): using nvmlDeviceGetMemoryInfo",
                        nvml.library());
            }
        }
        NvmlLibrary.Memory m = new NvmlLibrary.Memory();
        return ok(gpu, "nvmlDeviceGetMemoryInfo", lib.nvmlDeviceGetMemoryInfo(gpu.handle(), m))
                ? new long[] {m.total, m.used, m.free}
                : null;
    }

    private boolean ok(GpuDevice gpu, String function, int rc) throws GpuLostException {
        if (rc == NvmlReturn.SUCCESS) {
            return true;
        }
        if (rc == NvmlReturn.GPU_IS_LOST) {
            metrics.nvmlError(rc);
            throw new GpuLostException(function);
        }
        if (rc == NvmlReturn.NOT_SUPPORTED) {
            return false;
        }
        metrics.nvmlError(rc);
        if (warned.add(gpu.uuid() + '/' + function + '/' + rc)) {
            LOG.warn(
                    "{}: {} failed with {}; its fields are left out (logged once)",
                    gpu,
                    function,
                    nvml.describe(rc));
        }
        return false;
    }

    private Double percent(GpuDevice gpu, String field, int raw) {
        long v = Integer.toUnsignedLong(raw);
        if (v > 100) {
            if (warned.add(gpu.uuid() + '/' + field + "/range")) {
                LOG.warn("{}: {} = {} is not a percentage; left out (logged once)", gpu, field, v);
            }
            return null;
        }
        return (double) v;
    }

    /** NVML reports milliwatts in an unsigned int. */
    private static Double watts(int milliwatts) {
        return Integer.toUnsignedLong(milliwatts) / 1000.0;
    }

    private static Integer nonNegativeInt(int raw) {
        return raw < 0 ? null : raw;
    }

    /** An unsigned long long beyond 2^63 is no real memory size: left out. */
    private static Long bytes(long raw) {
        return raw < 0 ? null : raw;
    }
}
