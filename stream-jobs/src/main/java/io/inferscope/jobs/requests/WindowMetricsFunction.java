package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.EventWindows;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.RequestMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tumbling event-time windows of one group ({@link GroupKey}), with the in-flight sweep. Input: the
 * {@link PartialWindow}s the lifecycle's subtasks pre-aggregated ({@link PartialWindowsOperator}),
 * merged per window.
 *
 * <p>State per group: an accumulator per open window ({@code windows}), the in-flight changes of
 * each open window not yet swept ({@code inflight-deltas}, {@link InflightDeltas}: one packed long
 * per +1/−1), and the in-flight count at the end of the last emitted window ({@code inflight}). One
 * event-time timer per open window at {@link EventWindows#fireTime} (window end − 1 ms + allowed
 * lateness): the window is emitted once, final, when it fires, and its accumulator and deltas are
 * removed. While requests stay in flight the next window is scheduled even without new facts, so a
 * long request shows up in every window it spans; once nothing is in flight and no window is open,
 * the group holds no state and no timer.
 *
 * <p>Partials for a window that is already final cannot arrive: {@code RouteIngested} dead-letters
 * late raw records with the same rule, and a partial is handed on before the watermark that could
 * fire its window. Should one arrive anyway it is counted ({@code lateFacts}) and logged, not
 * silently merged into a wrong window.
 *
 * <p>Options read: {@code window}, {@code allowed-lateness}.
 */
public final class WindowMetricsFunction
        extends KeyedProcessFunction<String, PartialWindow, RequestMetrics> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WindowMetricsFunction.class);

    private final long sizeMs;
    private final long latenessMs;
    private transient MapState<Long, WindowAccumulator> windows;
    private transient MapState<Long, InflightDeltas> deltas;
    private transient ValueState<Integer> inflight;
    private transient Counter lateFacts;

    public WindowMetricsFunction(JobConfig config) {
        this.sizeMs = config.windowMs();
        this.latenessMs = config.allowedLateness().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        windows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "windows", Long.class, WindowAccumulator.class));
        deltas =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "inflight-deltas", Long.class, InflightDeltas.class));
        inflight = getRuntimeContext().getState(new ValueStateDescriptor<>("inflight", Types.INT));
        lateFacts = getRuntimeContext().getMetricGroup().counter("lateFacts");
    }

    @Override
    public void processElement(PartialWindow p, Context ctx, Collector<RequestMetrics> out)
            throws Exception {
        long start = p.windowStart;
        long fire = EventWindows.fireTime(start, sizeMs, latenessMs);
        if (fire <= ctx.timerService().currentWatermark()) {
            lateFacts.inc();
            LOG.warn(
                    "dropping a partial for the final window {} of {}", start, ctx.getCurrentKey());
            return;
        }
        WindowAccumulator acc = windows.get(start);
        if (acc == null) {
            windows.put(start, p.acc);
            ctx.timerService().registerEventTimeTimer(fire);
        } else {
            acc.merge(p.acc);
            windows.put(start, acc);
        }
        if (p.deltas != null) {
            InflightDeltas d = deltas.get(start);
            if (d == null) {
                deltas.put(start, p.deltas);
            } else {
                d.addAll(p.deltas);
                deltas.put(start, d);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RequestMetrics> out)
            throws Exception {
        long start = timestamp + 1 - latenessMs - sizeMs;
        long end = start + sizeMs;
        WindowAccumulator acc = windows.get(start);
        Integer carried = inflight.value();
        int atStart = carried == null ? 0 : carried;
        InflightDeltas changes = deltas.get(start);
        InflightSweep sweep =
                changes == null
                        ? InflightSweep.of(atStart, new long[0], start, end)
                        : changes.sweep(atStart, start, end);
        out.collect(
                (acc == null ? new WindowAccumulator() : acc)
                        .toMetrics(
                                ctx.getCurrentKey(),
                                start,
                                (int) (sizeMs / 1000),
                                sweep.max(),
                                sweep.mean(),
                                sweep.end()));
        windows.remove(start);
        if (changes != null) {
            deltas.remove(start);
        }
        if (sweep.end() > 0) {
            inflight.update(sweep.end());
            ctx.timerService()
                    .registerEventTimeTimer(EventWindows.fireTime(end, sizeMs, latenessMs));
        } else {
            inflight.clear();
        }
    }
}
