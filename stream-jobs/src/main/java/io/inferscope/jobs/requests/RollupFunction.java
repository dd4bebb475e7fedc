package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.EventWindows;
import io.inferscope.schemas.RequestMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rolls the base-window results of one group up to {@code rollupS} seconds by merging them (see
 * {@link RollupAccumulator}); it never re-reads raw records. The base windows arrive final, each
 * emitted by {@link WindowMetricsFunction} at its fire time, before the watermark that passes it;
 * the last base window of a rollup is emitted at the rollup's own fire time, so one timer at {@link
 * EventWindows#fireTime} per rollup window sees every part. State and timer of a rollup window are
 * removed when it is emitted.
 */
public final class RollupFunction
        extends KeyedProcessFunction<String, RequestMetrics, RequestMetrics> {
    private static final long serialVersionUID = 1L;

    private final int rollupS;
    private final int baseWindowS;
    private final long latenessMs;
    private transient MapState<Long, RollupAccumulator> rollups;
    private transient Counter lateParts;

    public RollupFunction(int rollupS, int baseWindowS, long latenessMs) {
        if (rollupS % baseWindowS != 0) {
            throw new IllegalArgumentException(
                    rollupS + " s is not a multiple of the " + baseWindowS + " s window");
        }
        this.rollupS = rollupS;
        this.baseWindowS = baseWindowS;
        this.latenessMs = latenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        rollups =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "rollup-" + rollupS, Long.class, RollupAccumulator.class));
        lateParts = getRuntimeContext().getMetricGroup().counter("lateParts");
    }

    @Override
    public void processElement(RequestMetrics m, Context ctx, Collector<RequestMetrics> out)
            throws Exception {
        if (m.windowS() != baseWindowS) {
            return; // only base windows are merged (a rollup never feeds another)
        }
        long sizeMs = rollupS * 1000L;
        long start = EventWindows.start(m.windowStartMs(), sizeMs);
        long fire = EventWindows.fireTime(start, sizeMs, latenessMs);
        if (fire <= ctx.timerService().currentWatermark()) {
            lateParts.inc(); // cannot happen with final base windows; counted, never merged late
            return;
        }
        RollupAccumulator acc = rollups.get(start);
        if (acc == null) {
            acc = new RollupAccumulator();
            ctx.timerService().registerEventTimeTimer(fire);
        }
        acc.merge(m, start + sizeMs);
        rollups.put(start, acc);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RequestMetrics> out)
            throws Exception {
        long start = timestamp + 1 - latenessMs - rollupS * 1000L;
        RollupAccumulator acc = rollups.get(start);
        if (acc == null) {
            return;
        }
        out.collect(
                acc.toMetrics(
                        ctx.getCurrentKey(),
                        start,
                        rollupS,
                        acc.inflightMax,
                        acc.inflightArea / rollupS,
                        acc.inflightEnd));
        rollups.remove(start);
    }
}
