package io.inferscope.collector.gpu;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The NVML C API as JNA maps it: exactly the functions the collector calls, with the signatures of
 * {@code nvml.h}. Every function returns an {@code nvmlReturn_t} ({@link NvmlReturn}). {@code
 * nvmlDevice_t} and {@code nvmlEventSet_t} are opaque pointers; {@code unsigned int} outputs come
 * back in an {@link IntByReference} (read them with {@link Integer#toUnsignedLong}).
 *
 * <p>JNA binds each function when it is first called, so a symbol an older driver lacks (e.g.
 * {@code nvmlDeviceGetMemoryInfo_v2}) fails that call with {@link UnsatisfiedLinkError}, not the
 * load.
 */
public interface NvmlLibrary extends Library {
    /** {@code nvmlEventTypeXidCriticalError}. */
    long EVENT_TYPE_XID_CRITICAL_ERROR = 0x8L;

    /** {@code NVML_TEMPERATURE_GPU}: the GPU die sensor. */
    int TEMPERATURE_GPU = 0;

    /** {@code NVML_CLOCK_SM}. */
    int CLOCK_SM = 1;

    /** {@code NVML_DEVICE_UUID_V2_BUFFER_SIZE}, also enough for {@code NVML_DEVICE_NAME_V2}. */
    int STRING_BUFFER_SIZE = 96;

    int nvmlInit_v2();

    int nvmlShutdown();

    String nvmlErrorString(int result);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetUtilizationRates(Pointer device, Utilization utilization);

    int nvmlDeviceGetMemoryInfo_v2(Pointer device, MemoryV2 memory);

    int nvmlDeviceGetMemoryInfo(Pointer device, Memory memory);

    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference temp);

    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetClockInfo(Pointer device, int type, IntByReference mhz);

    int nvmlEventSetCreate(PointerByReference set);

    int nvmlDeviceRegisterEvents(Pointer device, long eventTypes, Pointer set);

    int nvmlEventSetWait_v2(Pointer set, EventData data, int timeoutMs);

    int nvmlEventSetFree(Pointer set);

    /**
     * {@code nvmlUtilization_t {unsigned int gpu, memory}}: percent over the last sample period.
     */
    @Structure.FieldOrder({"gpu", "memory"})
    class Utilization extends Structure {
        public int gpu;
        public int memory;
    }

    /** {@code nvmlMemory_t {unsigned long long total, free, used}}: bytes. */
    @Structure.FieldOrder({"total", "free", "used"})
    class Memory extends Structure {
        public long total;
        public long free;
        public long used;
    }

    /**
     * {@code nvmlMemory_v2_t {unsigned int version; unsigned long long total, reserved, free,
     * used}}: bytes; {@code used} includes {@code reserved}. The caller sets {@code version} to
     * {@code NVML_STRUCT_VERSION(Memory, 2)} = {@code sizeof(nvmlMemory_v2_t) | 2 << 24}.
     */
    @Structure.FieldOrder({"version", "total", "reserved", "free", "used"})
    class MemoryV2 extends Structure {
        public int version;
        public long total;
        public long reserved;
        public long free;
        public long used;

        public MemoryV2() {
            version = size() | (2 << 24);
        }
    }

    /**
     * {@code nvmlEventData_t {nvmlDevice_t device; unsigned long long eventType, eventData;
     * unsigned int gpuInstanceId, computeInstanceId}}; {@code eventData} is the XID (999: unknown
     * XID).
     */
    @Structure.FieldOrder({
        "device",
        "eventType",
        "eventData",
        "gpuInstanceId",
        "computeInstanceId"
    })
    class EventData extends Structure {
        public Pointer device;
        public long eventType;
        public long eventData;
        public int gpuInstanceId;
        public int computeInstanceId;
    }
}
