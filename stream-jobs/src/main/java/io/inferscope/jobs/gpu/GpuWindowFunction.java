package io.inferscope.jobs.gpu;

import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.EventWindows;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.LateRecords;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.GpuRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tumbling event-time windows of one GPU (keyed by UUID): samples and XID errors are added to the
 * {@link GpuWindow} of their window, which is emitted once, final, at {@link EventWindows#fireTime}
 * and then removed. State: one {@code GpuWindow} and one timer per open window; a GPU that stops
 * reporting holds nothing once its last window fired.
 *
 * <p>This is the job's first keyed operator, so lateness is decided here against its watermark: a
 * record whose window is already final goes to the dead-letter side output ({@link LateRecords})
 * and is counted in {@code lateRecords}.
 *
 * <p>Options read: {@code window}, {@code allowed-lateness}.
 */
public final class GpuWindowFunction
        extends KeyedProcessFunction<String, Ingested<GpuRecord>, GpuWindow> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final JobConfig config;
    private final long sizeMs;
    private final long latenessMs;
    private final WallClock clock;
    private transient MapState<Long, GpuWindow> windows;
    private transient Counter lateRecords;

    public GpuWindowFunction(String source, JobConfig config, WallClock clock) {
        this.source = source;
        this.config = config;
        this.sizeMs = config.windowMs();
        this.latenessMs = config.allowedLateness().toMillis();
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        windows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "gpu-windows",
                                        Types.LONG,
                                        TypeInformation.of(GpuWindow.class)));
        lateRecords = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(Ingested<GpuRecord> in, Context ctx, Collector<GpuWindow> out)
            throws Exception {
        GpuRecord r = in.record;
        long watermark = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(r.tsMs(), watermark, config)) {
            lateRecords.inc();
            ctx.output(
                    DeadLetters.TAG,
                    LateRecords.deadLetter(
                            clock.nowMs(), source, in, r.tsMs(), watermark, config, "$.ts_ms"));
            return;
        }
        long start = EventWindows.start(r.tsMs(), sizeMs);
        GpuWindow w = windows.get(start);
        if (w == null) {
            w = GpuWindow.forGpu(r.gpuUuid(), start);
            ctx.timerService()
                    .registerEventTimeTimer(EventWindows.fireTime(start, sizeMs, latenessMs));
        }
        w.add(r);
        windows.put(start, w);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GpuWindow> out)
            throws Exception {
        long start = timestamp + 1 - latenessMs - sizeMs;
        GpuWindow w = windows.get(start);
        if (w != null) {
            out.collect(w);
            windows.remove(start);
        }
    }
}
