package io.inferscope.jobs.gpu;

import io.inferscope.jobs.common.EventWindows;
import io.inferscope.schemas.GpuMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rolls the final per-GPU windows of one node or deployment ({@link RollupKeys}) up into one record
 * per window, by {@link GpuWindow#merge}: never from raw samples again, but from the per-GPU
 * windows' own raw utilization values, so the rollup p95 is the exact p95 of all its samples.
 *
 * <p>Every per-GPU window is emitted at its window's fire time, before the watermark passes it, so
 * one timer at that same fire time sees all the GPUs of the window. State and timer of a window are
 * removed when it is emitted. A part for a window already emitted cannot arrive (counted in {@code
 * lateParts} should it ever, never merged).
 *
 * <p>Options read: {@code window}, {@code allowed-lateness}.
 */
public final class GpuRollupFunction extends KeyedProcessFunction<String, GpuWindow, GpuMetrics> {
    private static final long serialVersionUID = 1L;

    private final long sizeMs;
    private final long latenessMs;
    private transient MapState<Long, GpuWindow> rollups;
    private transient Counter lateParts;

    public GpuRollupFunction(long sizeMs, long latenessMs) {
        this.sizeMs = sizeMs;
        this.latenessMs = latenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        rollups =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "gpu-rollups",
                                        Types.LONG,
                                        TypeInformation.of(GpuWindow.class)));
        lateParts = getRuntimeContext().getMetricGroup().counter("lateParts");
    }

    @Override
    public void processElement(GpuWindow w, Context ctx, Collector<GpuMetrics> out)
            throws Exception {
        long fire = EventWindows.fireTime(w.windowStartMs, sizeMs, latenessMs);
        if (fire <= ctx.timerService().currentWatermark()) {
            lateParts.inc();
            return;
        }
        GpuWindow acc = rollups.get(w.windowStartMs);
        if (acc == null) {
            acc = GpuWindow.rollupOf(w, RollupKeys.scope(ctx.getCurrentKey()));
            ctx.timerService().registerEventTimeTimer(fire);
        }
        acc.merge(w);
        rollups.put(w.windowStartMs, acc);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GpuMetrics> out)
            throws Exception {
        long start = timestamp + 1 - latenessMs - sizeMs;
        GpuWindow acc = rollups.get(start);
        if (acc != null) {
            out.collect(
                    acc.toMetrics(RollupKeys.scope(ctx.getCurrentKey()), (int) (sizeMs / 1000)));
            rollups.remove(start);
        }
    }
}
