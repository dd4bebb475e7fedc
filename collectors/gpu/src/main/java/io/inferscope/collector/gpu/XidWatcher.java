package io.inferscope.collector.gpu;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for XID critical errors on one thread: an NVML event set with every GPU registered for
 * {@code nvmlEventTypeXidCriticalError}, and {@code nvmlEventSetWait_v2} with a timeout, so that
 * {@link #close} stops the thread within one timeout and only then frees the set.
 */
final class XidWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XidWatcher.class);

    private final Nvml nvml;
    private final NvmlLibrary lib;
    private final Pointer set;
    private final List<GpuDevice> registered;
    private final BiConsumer<GpuDevice, Integer> onXid;
    private final GpuMetrics metrics;
    private final int timeoutMs;
    private final Thread thread;
    private final Set<Integer> warnedCodes = new HashSet<>();
    private volatile boolean stopped;

    private XidWatcher(
            Nvml nvml,
            Pointer set,
            List<GpuDevice> registered,
            BiConsumer<GpuDevice, Integer> onXid,
            GpuMetrics metrics,
            Duration timeout) {
        this.nvml = nvml;
        this.lib = nvml.lib();
        this.set = set;
        this.registered = registered;
        this.onXid = onXid;
        this.metrics = metrics;
        this.timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.thread = new Thread(this::run, "inferscope-gpu-xid");
        thread.setDaemon(true);
    }

    /**
     * Registers every GPU that supports XID events and starts the thread; null when no GPU could be
     * registered (then there is nothing to wait for).
     */
    static XidWatcher start(
            Nvml nvml,
            List<GpuDevice> gpus,
            BiConsumer<GpuDevice, Integer> onXid,
            GpuMetrics metrics,
            Duration timeout) {
        NvmlLibrary lib = nvml.lib();
        PointerByReference ref = new PointerByReference();
        int rc;
        try {
            rc = lib.nvmlEventSetCreate(ref);
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("{} has no event API: XID errors are not reported", nvml.library());
            return null;
        }
        if (rc != NvmlReturn.SUCCESS) {
            metrics.nvmlError(rc);
            LOG.warn("nvmlEventSetCreate failed with {}: XIDs not reported", nvml.describe(rc));
            return null;
        }
        Pointer set = ref.getValue();
        List<GpuDevice> registered = new ArrayList<>();
        for (GpuDevice gpu : gpus) {
            rc =
                    lib.nvmlDeviceRegisterEvents(
                            gpu.handle(), NvmlLibrary.EVENT_TYPE_XID_CRITICAL_ERROR, set);
            if (rc == NvmlReturn.SUCCESS) {
                registered.add(gpu);
            } else if (rc != NvmlReturn.NOT_SUPPORTED) {
                metrics.nvmlError(rc);
                LOG.warn("{}: XID events not registered: {}", gpu, nvml.describe(rc));
            }
        }
        if (registered.isEmpty()) {
            lib.nvmlEventSetFree(set);
            return null;
        }
        XidWatcher w = new XidWatcher(nvml, set, List.copyOf(registered), onXid, metrics, timeout);
        w.thread.start();
        return w;
    }

    List<GpuDevice> registered() {
        return registered;
    }

    private void run() {
        NvmlLibrary.EventData data = new NvmlLibrary.EventData();
        while (!stopped) {
            int rc;
            try {
                rc = lib.nvmlEventSetWait_v2(set, data, timeoutMs);
            } catch (UnsatisfiedLinkError e) {
                LOG.warn("{} has no nvmlEventSetWait_v2: XIDs not reported", nvml.library());
                return;
            }
            if (rc == NvmlReturn.SUCCESS) {
                deliver(data);
            } else if (rc != NvmlReturn.TIMEOUT) {
                metrics.nvmlError(rc);
                if (warnedCodes.add(rc)) {
                    LOG.warn("nvmlEventSetWait_v2 failed with {} (logged once)", nvml.describe(rc));
                }
                pause(); // an error that repeats must not spin a core
            }
        }
    }

    private void deliver(NvmlLibrary.EventData data) {
        if ((data.eventType & NvmlLibrary.EVENT_TYPE_XID_CRITICAL_ERROR) == 0) {
            return;
        }
        for (GpuDevice gpu : registered) {
            if (gpu.handle().equals(data.device)) {
                int xid = (int) Math.min(Integer.MAX_VALUE, Math.max(0, data.eventData));
                LOG.warn("{}: XID {}", gpu, xid);
                try {
                    onXid.accept(gpu, xid);
                } catch (RuntimeException e) {
                    LOG.warn("{}: XID {} could not be published", gpu, xid, e);
                }
                return;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    /** Stops the thread (within one wait timeout), then frees the event set. */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(timeoutMs + 5_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // Freeing a set another thread waits on is undefined behaviour in C: leak it instead.
            LOG.warn("XID thread did not stop in time; the NVML event set is not freed");
            return;
        }
        int rc = lib.nvmlEventSetFree(set);
        if (rc != NvmlReturn.SUCCESS) {
            LOG.warn("nvmlEventSetFree failed with {}", nvml.describe(rc));
        }
    }
}
