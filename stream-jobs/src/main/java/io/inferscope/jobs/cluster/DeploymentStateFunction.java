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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The state of one deployment (keyed {@code cluster␟namespace␟deployment}) and its window records.
 *
 * <p><b>Event-time order.</b> Incoming records wait in {@code pending} (by event time) until the
 * fire time of their window ({@link EventWindows#fireTime}); the timer then applies every pending
 * record before the window end in event-time order and takes the snapshot. So the state at a window
 * end is exactly the state the records up to that time describe, however they arrived, and a record
 * of the next window that arrived early does not leak into this one.
 *
 * <p><b>Applying a record</b> (see {@link RecordApplier}): deployment and HPA keep the last record;
 * pods keep their latest record and a {@link PodTrack}; usage keeps the latest sample per {@code
 * pod/container}; restarts are per-container restart-count increases of a pod already known (a new
 * pod's counts are not restarts, a deleted pod is just removed); scheduling delay is booked once
 * per pod; Warning events are counted by reason.
 *
 * <p><b>Gauge windows.</b> While the deployment exists or has pods, a record is emitted for every
 * window, changed or not: after each window the next one is scheduled. Once it is deleted and has
 * no pods, windows are emitted only when something happens, and after {@code state-ttl} of that
 * every state and timer of the key is cleared. At the end of a bounded input (watermark {@code
 * Long.MAX_VALUE}) no further gauge windows are scheduled.
 *
 * <p>This is the first keyed operator of the deployment records: records whose window is already
 * final go to the dead-letter side output (metric {@code lateRecords}).
 *
 * <p>Options read: {@code window}, {@code allowed-lateness}, {@code stuck-after}, {@code
 * state-ttl}.
 */
public final class DeploymentStateFunction
        extends KeyedProcessFunction<String, Ingested<K8sRecord>, ClusterMetrics> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final JobConfig config;
    private final long sizeMs;
    private final long latenessMs;
    private final long stuckAfterMs;
    private final long ttlMs;
    private final WallClock clock;
    private transient RecordApplier.States states;
    private transient MapState<Long, List<K8sRecord>> pending;
    private transient ValueState<DeploymentTrack> track;
    private transient Counter lateRecords;

    public DeploymentStateFunction(String source, JobConfig config, WallClock clock) {
        this.source = source;
        this.config = config;
        this.sizeMs = config.windowMs();
        this.latenessMs = config.allowedLateness().toMillis();
        this.stuckAfterMs = config.stuckAfter().toMillis();
        this.ttlMs = config.stateTtl().toMillis();
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<K8sRecord> rec = CodecTypeInfo.of(K8sRecord.class);
        var ctx = getRuntimeContext();
        states =
                new RecordApplier.States(
                        ctx.getState(new ValueStateDescriptor<>("deployment", rec)),
                        ctx.getState(new ValueStateDescriptor<>("hpa", rec)),
                        ctx.getMapState(new MapStateDescriptor<>("pods", Types.STRING, rec)),
                        ctx.getMapState(
                                new MapStateDescriptor<>(
                                        "pod-tracks",
                                        Types.STRING,
                                        TypeInformation.of(PodTrack.class))),
                        ctx.getMapState(new MapStateDescriptor<>("usage", Types.STRING, rec)),
                        ctx.getMapState(
                                new MapStateDescriptor<>(
                                        "events-seen",
                                        Types.STRING,
                                        TypeInformation.of(EventSeen.class))));
        pending =
                ctx.getMapState(
                        new MapStateDescriptor<>("pending", Types.LONG, new ListTypeInfo<>(rec)));
        track =
                ctx.getState(
                        new ValueStateDescriptor<>(
                                "track", TypeInformation.of(DeploymentTrack.class)));
        lateRecords = ctx.getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(Ingested<K8sRecord> in, Context ctx, Collector<ClusterMetrics> out)
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
        List<K8sRecord> atTs = pending.get(ts);
        List<K8sRecord> list = atTs == null ? new ArrayList<>() : new ArrayList<>(atTs);
        list.add(in.record);
        pending.put(ts, list);
        ctx.timerService().registerEventTimeTimer(fireTime(EventWindows.start(ts, sizeMs)));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClusterMetrics> out)
            throws Exception {
        long start = timestamp + 1 - latenessMs - sizeMs;
        long end = start + sizeMs;
        WindowFacts facts = new WindowFacts();
        RecordApplier applier = new RecordApplier(states, start, sizeMs);
        for (K8sRecord r : takePending(end)) {
            applier.apply(r, facts);
        }
        boolean live = applier.isLive();
        DeploymentTrack t = track.value();
        if (live || facts.applied > 0 || (t != null && t.wasLive)) {
            out.collect(snapshot(ctx.getCurrentKey(), start, end, facts));
        }
        applier.prune(end, ttlMs);
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        t = t == null ? new DeploymentTrack() : t;
        t.wasLive = live;
        if (live) {
            t.notLiveSinceMs = null;
            if (!endOfInput) {
                ctx.timerService().registerEventTimeTimer(fireTime(end));
            }
        } else {
            if (t.notLiveSinceMs == null) {
                t.notLiveSinceMs = end;
            }
            if (end - t.notLiveSinceMs >= ttlMs && pending.isEmpty()) {
                clearAll();
                return;
            }
            // One timer at the window in which the TTL runs out (it clears, unless revived). When
            // that time has passed but records are still pending, their own timers decide later.
            long expiry = fireTime(EventWindows.start(t.notLiveSinceMs + ttlMs, sizeMs));
            if (expiry > timestamp) {
                ctx.timerService().registerEventTimeTimer(expiry);
            }
        }
        track.update(t);
    }

    private ClusterMetrics snapshot(String key, long start, long end, WindowFacts facts)
            throws Exception {
        Map<String, K8sRecord.Usage> usage = new HashMap<>();
        for (Map.Entry<String, K8sRecord> e : states.usage().entries()) {
            usage.put(e.getKey(), e.getValue().usage());
        }
        DeploymentSnapshot snap = new DeploymentSnapshot(end, stuckAfterMs);
        for (Map.Entry<String, K8sRecord> e : states.pods().entries()) {
            PodTrack pt = states.podTracks().get(e.getKey());
            snap.addPod(e.getValue(), pt == null ? new PodTrack() : pt, usage);
        }
        return snap.toMetrics(
                key,
                start,
                (int) (sizeMs / 1000),
                states.deployment().value(),
                states.hpa().value(),
                facts);
    }

    /** Removes and returns, in event-time order, the pending records before {@code end}. */
    private List<K8sRecord> takePending(long end) throws Exception {
        TreeMap<Long, List<K8sRecord>> due = new TreeMap<>();
        for (Map.Entry<Long, List<K8sRecord>> e : pending.entries()) {
            if (e.getKey() < end) {
                due.put(e.getKey(), e.getValue());
            }
        }
        List<K8sRecord> out = new ArrayList<>();
        for (Map.Entry<Long, List<K8sRecord>> e : due.entrySet()) {
            pending.remove(e.getKey());
            out.addAll(e.getValue());
        }
        return out;
    }

    private void clearAll() {
        states.clear();
        pending.clear();
        track.clear();
    }

    private long fireTime(long windowStart) {
        return EventWindows.fireTime(windowStart, sizeMs, latenessMs);
    }
}
