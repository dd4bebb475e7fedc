package io.inferscope.jobs.logs;

import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.EventWindows;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.LateRecords;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tumbling event-time windows of one container or deployment: lines are counted by level in the
 * {@link LogWindow} of their window, emitted once, final, at {@link EventWindows#fireTime}, then
 * removed. State: one window and one timer per open window.
 *
 * <p>The job's first keyed operator, so lateness is decided here against its watermark: a late line
 * is counted in {@code lateRecords} and dead-lettered once (from its container copy; its deployment
 * copy is dropped with it, so the two scopes always agree).
 *
 * <p>Options read: {@code window}, {@code allowed-lateness}.
 */
public final class LogWindowFunction extends KeyedProcessFunction<String, LogFact, LogMetrics> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final JobConfig config;
    private final long sizeMs;
    private final long latenessMs;
    private final WallClock clock;
    private transient MapState<Long, LogWindow> windows;
    private transient Counter lateRecords;

    public LogWindowFunction(String source, JobConfig config, WallClock clock) {
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
                                        "log-windows",
                                        Types.LONG,
                                        TypeInformation.of(LogWindow.class)));
        lateRecords = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(LogFact f, Context ctx, Collector<LogMetrics> out) throws Exception {
        LogLine l = f.line;
        long watermark = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(l.tsMs(), watermark, config)) {
            if (f.container) {
                lateRecords.inc();
                ctx.output(
                        DeadLetters.TAG,
                        LateRecords.deadLetter(
                                clock.nowMs(),
                                source,
                                Ingested.ok(f.topic, f.partition, f.offset, l),
                                l.tsMs(),
                                watermark,
                                config,
                                "$.ts_ms"));
            }
            return;
        }
        long start = EventWindows.start(l.tsMs(), sizeMs);
        LogWindow w = windows.get(start);
        if (w == null) {
            w = new LogWindow();
            w.windowStartMs = start;
            w.container = f.container;
            ctx.timerService()
                    .registerEventTimeTimer(EventWindows.fireTime(start, sizeMs, latenessMs));
        }
        w.add(l);
        windows.put(start, w);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogMetrics> out)
            throws Exception {
        long start = timestamp + 1 - latenessMs - sizeMs;
        LogWindow w = windows.get(start);
        if (w != null) {
            out.collect(w.toMetrics(sizeMs));
            windows.remove(start);
        }
    }
}
