package io.inferscope.collector.gpu;

import io.inferscope.collector.core.PrometheusWriter;
import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Topics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU collector, embeddable: every {@code interval} one {@code sample} record per GPU, and one
 * {@code xid} record per XID critical error, to {@link Topics#RAW_GPU} keyed by GPU UUID.
 *
 * <p>Failure behaviour: a field a GPU does not support is left out; a GPU that answers {@code
 * GPU_IS_LOST} is logged once, counted and no longer sampled while the others go on; nothing a GPU
 * or the driver does stops the sampling thread.
 *
 * <p>Threads: one sampling thread, one XID thread (when any GPU accepts event registration).
 * Options: every field of {@link GpuCollectorConfig}.
 */
public final class GpuCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GpuCollector.class);

    private final GpuCollectorConfig config;
    private final Nvml nvml;
    private final RecordSink sink;
    private final GpuMetrics metrics = new GpuMetrics();
    private final GpuReader reader;
    private final List<GpuState> gpus;
    private final ScheduledExecutorService sampler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final XidWatcher xids;
    private long lastFailureLog;

    private GpuCollector(GpuCollectorConfig config, Nvml nvml, RecordSink sink) {
        this.config = config;
        this.nvml = nvml;
        this.sink = sink;
        this.reader = new GpuReader(nvml, metrics);
        Nvml.Enumeration found = nvml.devices();
        found.errors().forEach(metrics::nvmlError);
        metrics.lost.add(found.lostAtStart());
        this.gpus = found.devices().stream().map(GpuState::new).toList();
        metrics.gpus.set(gpus.size());
        this.xids =
                XidWatcher.start(
                        nvml, found.devices(), this::publishXid, metrics, config.xidWaitTimeout());
        this.sampler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "inferscope-gpu-sampler");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Loads NVML ({@link GpuCollectorConfig#nvmlLibrary}) and starts sampling.
     *
     * @throws NvmlUnavailableException when NVML cannot be loaded or initialized
     */
    public static GpuCollector start(GpuCollectorConfig config, RecordSink sink)
            throws NvmlUnavailableException {
        return start(config, Nvml.open(config.nvmlLibrary()), sink);
    }

    /** Starts sampling an NVML already opened; the collector closes it. */
    public static GpuCollector start(GpuCollectorConfig config, Nvml nvml, RecordSink sink) {
        GpuCollector c;
        try {
            c = new GpuCollector(config, nvml, sink);
        } catch (RuntimeException | LinkageError e) {
            nvml.close();
            throw e;
        }
        long every = config.interval().toNanos();
        c.sampler.scheduleAtFixedRate(c::tickSafely, 0, every, TimeUnit.NANOSECONDS);
        return c;
    }

    /** The GPUs found at start, lost ones included. */
    public List<GpuDevice> devices() {
        return gpus.stream().map(GpuState::device).toList();
    }

    /** Whether XID events are being watched (some GPU accepted registration). */
    public boolean watchesXids() {
        return xids != null;
    }

    public GpuMetrics metrics() {
        return metrics;
    }

    /** Writes the self-metrics; pass to {@code SelfMetricsServer#addCollector}. */
    public void writeMetrics(PrometheusWriter w) {
        metrics.writeTo(w);
    }

    /** Takes one sample of every GPU now, on the caller's thread (tests, and a first sample). */
    void sampleNow() {
        tick();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (Throwable t) { // the schedule dies with the first exception that escapes
            long now = System.nanoTime();
            if (now - lastFailureLog > TimeUnit.SECONDS.toNanos(60)) {
                lastFailureLog = now;
                LOG.warn("GPU sampling failed; retrying every interval (logged once a minute)", t);
            }
        }
    }

    private synchronized void tick() {
        if (closed.get()) {
            return;
        }
        if (!config.attribution().refresh()) {
            metrics.attributionErrors.increment();
        }
        long ts = System.currentTimeMillis();
        for (GpuState gpu : gpus) {
            if (!gpu.lost) {
                sample(gpu, ts);
            }
        }
    }

    private void sample(GpuState gpu, long ts) {
        GpuDevice d = gpu.device;
        GpuReading r;
        try {
            r = reader.read(d);
        } catch (GpuLostException e) {
            gpu.lost = true;
            metrics.lost.increment();
            metrics.gpus.decrementAndGet();
            LOG.warn(
                    "{} is lost ({}): it fell off the bus or became inaccessible;"
                            + " no longer sampled, the other GPUs go on",
                    d,
                    e.getMessage());
            return;
        }
        Optional<GpuHolder> holder = config.attribution().holderOf(d.uuid());
        GpuRecord record =
                new GpuRecord(
                        GpuRecord.Type.SAMPLE,
                        ts,
                        d.uuid(),
                        d.index(),
                        d.name(),
                        labels(holder),
                        holder.map(GpuHolder::container).orElse(null),
                        r.utilizationGpuPct(),
                        r.utilizationMemoryPct(),
                        r.memoryTotalBytes(),
                        r.memoryUsedBytes(),
                        r.memoryFreeBytes(),
                        r.temperatureC(),
                        r.powerW(),
                        r.powerLimitW(),
                        r.smClockMhz(),
                        null);
        metrics.samples.increment();
        publish(d, record);
    }

    private void publishXid(GpuDevice d, int xid) {
        Optional<GpuHolder> holder = config.attribution().holderOf(d.uuid());
        GpuRecord record =
                new GpuRecord(
                        GpuRecord.Type.XID,
                        System.currentTimeMillis(),
                        d.uuid(),
                        d.index(),
                        d.name(),
                        labels(holder),
                        holder.map(GpuHolder::container).orElse(null),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        xid);
        metrics.xids.increment();
        publish(d, record);
    }

    private void publish(GpuDevice d, GpuRecord record) {
        if (!sink.publish(Topics.RAW_GPU, d.uuid(), record)) {
            metrics.refused.increment();
        }
    }

    private Labels labels(Optional<GpuHolder> holder) {
        return new Labels(
                config.cluster(),
                holder.map(GpuHolder::namespace).orElse(null),
                holder.map(GpuHolder::deployment).orElse(null),
                null,
                holder.map(GpuHolder::pod).orElse(null),
                config.node());
    }

    /**
     * Stops sampling and the XID thread, closes the attribution, then shuts NVML down. Returns
     * within about one interval plus one XID wait.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sampler.shutdown();
        boolean stopped = false;
        try {
            stopped =
                    sampler.awaitTermination(
                            config.interval().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (xids != null) {
            xids.close();
        }
        try {
            config.attribution().close();
        } catch (RuntimeException e) {
            LOG.warn("closing the attribution failed", e);
        }
        if (stopped) {
            nvml.close();
        } else {
            // A thread still inside NVML: shutting NVML down under it could crash the JVM.
            LOG.warn("GPU sampling did not stop in time; NVML is not shut down");
        }
    }

    /** A GPU and whether it was lost. Touched only under the collector's lock. */
    private static final class GpuState {
        final GpuDevice device;
        boolean lost;

        GpuState(GpuDevice device) {
            this.device = device;
        }

        GpuDevice device() {
            return device;
        }
    }
}
