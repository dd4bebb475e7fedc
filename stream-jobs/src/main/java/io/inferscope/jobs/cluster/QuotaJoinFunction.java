package io.inferscope.jobs.cluster;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.EventWindows;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.LateRecords;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Attaches a namespace's resource quotas to every deployment window of that namespace (keyed {@code
 * cluster␟namespace}): quotas are per namespace, deployment windows per deployment, so they meet
 * here rather than in the deployment operator.
 *
 * <p>Input 1: the deployment windows, each emitted at its window's fire time; they wait for a timer
 * at that same time. Input 2: quota records (this is their first keyed operator: late ones are
 * dead-lettered, metric {@code lateRecords}), pending by event time like in {@link
 * DeploymentStateFunction}. At the timer of window {@code [s, e)} every pending quota record before
 * {@code e} is applied in event-time order (a deleted quota is removed), and each waiting window
 * gets {@code quota_used_ratio}: {@code quotaName/resource} → used ÷ hard, for every resource with
 * a hard limit above 0 and a known use. State: the namespace's live quotas, plus pending records
 * and waiting windows until their timer.
 *
 * <p>Options read: {@code window}, {@code allowed-lateness}.
 */
public final class QuotaJoinFunction
        extends KeyedCoProcessFunction<
                String, ClusterMetrics, Ingested<K8sRecord>, ClusterMetrics> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final JobConfig config;
    private final long sizeMs;
    private final long latenessMs;
    private final WallClock clock;
    private transient MapState<String, K8sRecord> quotas;
    private transient MapState<Long, List<K8sRecord>> pending;
    private transient MapState<Long, List<ClusterMetrics>> waiting;
    private transient Counter lateRecords;

    public QuotaJoinFunction(String source, JobConfig config, WallClock clock) {
        this.source = source;
        this.config = config;
        this.sizeMs = config.windowMs();
        this.latenessMs = config.allowedLateness().toMillis();
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<K8sRecord> rec = CodecTypeInfo.of(K8sRecord.class);
        var ctx = getRuntimeContext();
        quotas = ctx.getMapState(new MapStateDescriptor<>("quotas", Types.STRING, rec));
        pending =
                ctx.getMapState(
                        new MapStateDescriptor<>(
                                "pending-quotas", Types.LONG, new ListTypeInfo<>(rec)));
        waiting =
                ctx.getMapState(
                        new MapStateDescriptor<>(
                                "waiting-windows",
                                Types.LONG,
                                new ListTypeInfo<>(CodecTypeInfo.of(ClusterMetrics.class))));
        lateRecords = ctx.getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement1(ClusterMetrics m, Context ctx, Collector<ClusterMetrics> out)
            throws Exception {
        waiting.put(m.windowStartMs(), append(waiting.get(m.windowStartMs()), m));
        ctx.timerService().registerEventTimeTimer(fireTime(m.windowStartMs()));
    }

    @Override
    public void processElement2(Ingested<K8sRecord> in, Context ctx, Collector<ClusterMetrics> out)
            throws Exception {
        long ts = in.record.tsMs();
        long watermark = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(ts, watermark, config)) {
            lateRecords.inc();
            ctx.output(
                    DeadLetters.TAG,
                    LateRecords.deadLetter(
                            clock.nowMs(), source, in, ts, watermark, config, "$.ts_ms"));
            return;
        }
        pending.put(ts, append(pending.get(ts), in.record));
        ctx.timerService().registerEventTimeTimer(fireTime(EventWindows.start(ts, sizeMs)));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClusterMetrics> out)
            throws Exception {
        long start = timestamp + 1 - latenessMs - sizeMs;
        applyPending(start + sizeMs);
        List<ClusterMetrics> windows = waiting.get(start);
        if (windows == null) {
            return;
        }
        Map<String, Double> ratios = ratios();
        for (ClusterMetrics m : windows) {
            out.collect(withQuotas(m, ratios));
        }
        waiting.remove(start);
    }

    private void applyPending(long end) throws Exception {
        TreeMap<Long, List<K8sRecord>> due = new TreeMap<>();
        for (Map.Entry<Long, List<K8sRecord>> e : pending.entries()) {
            if (e.getKey() < end) {
                due.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<Long, List<K8sRecord>> e : due.entrySet()) {
            pending.remove(e.getKey());
            for (K8sRecord q : e.getValue()) {
                if (q.action() == Action.DELETED) {
                    quotas.remove(q.name());
                } else {
                    quotas.put(q.name(), q);
                }
            }
        }
    }

    private Map<String, Double> ratios() throws Exception {
        Map<String, Double> out = new TreeMap<>();
        for (K8sRecord q : quotas.values()) {
            for (Map.Entry<String, Double> hard : q.quota().hard().entrySet()) {
                Double used = q.quota().used().get(hard.getKey());
                if (used != null && hard.getValue() > 0) {
                    out.put(q.name() + "/" + hard.getKey(), used / hard.getValue());
                }
            }
        }
        return out;
    }

    private long fireTime(long windowStart) {
        return EventWindows.fireTime(windowStart, sizeMs, latenessMs);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = list == null ? new ArrayList<>() : new ArrayList<>(list);
        out.add(item);
        return out;
    }

    static ClusterMetrics withQuotas(ClusterMetrics m, Map<String, Double> ratios) {
        return new ClusterMetrics(
                m.windowStartMs(),
                m.windowEndMs(),
                m.windowS(),
                m.labels(),
                m.replicasDesired(),
                m.replicasReady(),
                m.replicasAvailable(),
                m.replicasUpdated(),
                m.hpaMin(),
                m.hpaMax(),
                m.hpaCurrent(),
                m.hpaDesired(),
                m.podsByPhase(),
                m.podsByWaitingReason(),
                m.stuckPods(),
                m.restarts(),
                m.scalingEvents(),
                m.schedulingDelayMs(),
                ratios,
                m.cpuRequestedCores(),
                m.cpuLimitCores(),
                m.cpuUsedCores(),
                m.memoryRequestedBytes(),
                m.memoryLimitBytes(),
                m.memoryUsedBytes(),
                m.gpuRequested(),
                m.gpuLimit(),
                m.cpuUsedToRequested(),
                m.memoryUsedToRequested(),
                m.warningEvents());
    }
}
