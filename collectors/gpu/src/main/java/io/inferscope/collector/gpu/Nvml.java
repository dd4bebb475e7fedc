package io.inferscope.collector.gpu;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded and initialized NVML: {@link #open} loads the library through JNA and calls {@code
 * nvmlInit_v2}; {@link #close} calls {@code nvmlShutdown}. NVML itself is thread-safe, so one
 * instance serves the sampling and the event threads.
 */
public final class Nvml implements AutoCloseable {
    /** The driver's library, as the NVIDIA container toolkit mounts it. */
    public static final String DEFAULT_LIBRARY = "libnvidia-ml.so.1";

    private static final Logger LOG = LoggerFactory.getLogger(Nvml.class);

    private final NvmlLibrary lib;
    private final String library;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Nvml(NvmlLibrary lib, String library) {
        this.lib = lib;
        this.library = library;
    }

    /**
     * Loads {@code library} (a file name the dynamic loader finds, or a path) and initializes NVML.
     *
     * @throws NvmlUnavailableException with a one-line reason when the library cannot be loaded or
     *     {@code nvmlInit_v2} fails
     */
    public static Nvml open(String library) throws NvmlUnavailableException {
        NvmlLibrary lib;
        try {
            lib = Native.load(library, NvmlLibrary.class);
        } catch (LinkageError e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("jnidispatch")) {
                throw new NvmlUnavailableException(
                        "JNA could not load its native support library (is the temp dir noexec?)",
                        e);
            }
            throw new NvmlUnavailableException(
                    library + " could not be loaded (no NVIDIA driver on this machine?)", e);
        }
        int rc;
        try {
            rc = lib.nvmlInit_v2();
        } catch (LinkageError e) {
            throw new NvmlUnavailableException(
                    library + " has no nvmlInit_v2: not NVML, or a driver too old", e);
        }
        if (rc != NvmlReturn.SUCCESS) {
            Nvml failed = new Nvml(lib, library);
            String hint =
                    rc == NvmlReturn.DRIVER_NOT_LOADED || rc == NvmlReturn.LIBRARY_NOT_FOUND
                            ? " (no NVIDIA driver on this machine?)"
                            : "";
            throw new NvmlUnavailableException(
                    "nvmlInit_v2 failed with " + failed.describe(rc) + " using " + library + hint);
        }
        return new Nvml(lib, library);
    }

    NvmlLibrary lib() {
        return lib;
    }

    public String library() {
        return library;
    }

    /** {@code NVML_ERROR_GPU_IS_LOST (15): GPU is lost}: name, code and NVML's own text. */
    public String describe(int rc) {
        String text;
        try {
            text = lib.nvmlErrorString(rc);
        } catch (LinkageError | RuntimeException e) {
            text = null;
        }
        String name = "NVML_ERROR_" + NvmlReturn.name(rc) + " (" + rc + ")";
        return text == null || text.isBlank() ? name : name + ": " + text;
    }

    /**
     * Every GPU NVML sees, with its UUID and name. A GPU whose identity cannot be read is skipped
     * with a warning and counted in {@code lostAtStart} when it is already lost.
     */
    public Enumeration devices() {
        IntByReference count = new IntByReference();
        int rc = lib.nvmlDeviceGetCount_v2(count);
        if (rc != NvmlReturn.SUCCESS) {
            LOG.warn("nvmlDeviceGetCount_v2 failed with {}: no GPU will be sampled", describe(rc));
            return new Enumeration(List.of(), 0, List.of(rc));
        }
        List<GpuDevice> devices = new ArrayList<>();
        List<Integer> errors = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < count.getValue(); i++) {
            PointerByReference handle = new PointerByReference();
            rc = lib.nvmlDeviceGetHandleByIndex_v2(i, handle);
            String uuid = null;
            if (rc == NvmlReturn.SUCCESS) {
                byte[] buf = new byte[NvmlLibrary.STRING_BUFFER_SIZE];
                rc = lib.nvmlDeviceGetUUID(handle.getValue(), buf, buf.length);
                uuid = rc == NvmlReturn.SUCCESS ? Native.toString(buf, "UTF-8") : null;
            }
            if (uuid == null || uuid.isBlank()) {
                lost += rc == NvmlReturn.GPU_IS_LOST ? 1 : 0;
                errors.add(rc);
                LOG.warn("GPU {} skipped: its UUID could not be read ({})", i, describe(rc));
                continue;
            }
            devices.add(new GpuDevice(i, handle.getValue(), uuid, name(handle.getValue())));
        }
        return new Enumeration(List.copyOf(devices), lost, List.copyOf(errors));
    }

    private String name(Pointer handle) {
        byte[] buf = new byte[NvmlLibrary.STRING_BUFFER_SIZE];
        int rc = lib.nvmlDeviceGetName(handle, buf, buf.length);
        return rc == NvmlReturn.SUCCESS ? Native.toString(buf, "UTF-8") : null;
    }

    /** The GPUs found, how many were already lost, and the error codes met on the way. */
    public record Enumeration(List<GpuDevice> devices, int lostAtStart, List<Integer> errors) {}

    /** Calls {@code nvmlShutdown} once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int rc = lib.nvmlShutdown();
        if (rc != NvmlReturn.SUCCESS) {
            LOG.warn("nvmlShutdown failed with {}", describe(rc));
        }
    }
}
