package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.LateRecords;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TokenProgress;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pairs the records of one request (keyed by request id) and turns them into {@link Fact}s:
 *
 * <ul>
 *   <li>start → an arrival and +1 in flight at the start time; a TTL timer at start + {@code
 *       lost-ttl}.
 *   <li>dispatch (the request waited in the gateway's queue, so its start named no replica) → an
 *       arrival and +1 in flight for the dispatch's replica only, at the dispatch time; the end or
 *       the TTL closes it there with −1.
 *   <li>end → a finish at the end time (latencies, error class, SLO verdict) and −1 in flight to
 *       the same labels as the +1; a timer at the end time.
 *   <li>token progress → the tokens and inter-token gaps at the progress record's time.
 *   <li>TTL timer with no end → a finish with error class {@code lost} and −1 in flight at the
 *       expiry time; a tombstone stays one more TTL so a very late end is dead-lettered instead of
 *       counted twice.
 *   <li>end timer (the watermark passed the end, so every token record up to the end has been seen)
 *       → if the request had no token progress at all (non-streaming), its end record's tokens are
 *       booked at the end time; then all state is cleared.
 * </ul>
 *
 * Token progress can arrive before the start (another topic); a request seen only through token
 * progress is forgotten one TTL after its first record. Every path ends with state and timers
 * cleared. To the dead-letter side output go: late records ({@link LateRecords}: their window is
 * already final at this operator's watermark, which no downstream watermark ever passes, so every
 * fact emitted here lands in an open window), duplicate starts/ends, and ends after a lost close.
 *
 * <p>Options read: {@code window}, {@code allowed-lateness}, {@code lost-ttl}, {@code slo-ttft-ms},
 * {@code slo-e2e-ms}. Metrics: {@code lateRecords}, {@code lostRequests}, {@code refusedRecords}.
 */
public final class RequestLifecycle
        extends KeyedCoProcessFunction<
                String, Ingested<RequestEvent>, Ingested<TokenProgress>, Fact> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final JobConfig config;
    private final long ttlMs;
    private final double sloTtftMs;
    private final double sloE2eMs;
    private final WallClock clock;
    private transient ValueState<RequestState> state;
    private transient Counter lateRecords;
    private transient Counter lostRequests;
    private transient Counter refusedRecords;

    public RequestLifecycle(String source, JobConfig config, WallClock clock) {
        this.source = source;
        this.config = config;
        this.ttlMs = config.lostTtl().toMillis();
        this.sloTtftMs = config.sloTtftMs();
        this.sloE2eMs = config.sloE2eMs();
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        state =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("request", RequestState.class));
        lateRecords = getRuntimeContext().getMetricGroup().counter("lateRecords");
        lostRequests = getRuntimeContext().getMetricGroup().counter("lostRequests");
        refusedRecords = getRuntimeContext().getMetricGroup().counter("refusedRecords");
    }

    @Override
    public void processElement1(Ingested<RequestEvent> in, Context ctx, Collector<Fact> out)
            throws Exception {
        if (late(in, in.record.tsMs(), ctx)) {
            return;
        }
        RequestEvent ev = in.record;
        RequestState st = state.value();
        st = st == null ? new RequestState() : st;
        if (ev.isStart()) {
            onStart(in, st, ctx, out);
        } else if (ev.isDispatch()) {
            onDispatch(in, st, ctx, out);
        } else {
            onEnd(in, st, ctx, out);
        }
    }

    private boolean late(Ingested<?> in, long ts, Context ctx) {
        long watermark = ctx.timerService().currentWatermark();
        if (!LateRecords.isLate(ts, watermark, config)) {
            return false;
        }
        lateRecords.inc();
        ctx.output(
                DeadLetters.TAG,
                LateRecords.deadLetter(
                        clock.nowMs(), source, in, ts, watermark, config, "$.ts_ms"));
        return true;
    }

    private void onStart(
            Ingested<RequestEvent> in, RequestState st, Context ctx, Collector<Fact> out)
            throws Exception {
        RequestEvent ev = in.record;
        if (st.started() || st.lost) {
            refuse(in, ctx, "duplicate start of request " + ev.requestId());
            return;
        }
        st.startTs = ev.tsMs();
        st.labels(ev.labels());
        Fact arrival = Fact.at(ev.tsMs(), ev.labels());
        arrival.arrivals = 1;
        arrival.inflightDelta = 1;
        out.collect(arrival);
        if (st.ended()) {
            // The end was processed first: close the interval now; the end's timer stays.
            Fact close = Fact.at(st.endTs, ev.labels());
            close.inflightDelta = -1;
            out.collect(close);
        } else {
            setTimer(st, ev.tsMs() + ttlMs, ctx);
        }
        state.update(st);
    }

    private void onDispatch(
            Ingested<RequestEvent> in, RequestState st, Context ctx, Collector<Fact> out)
            throws Exception {
        RequestEvent ev = in.record;
        String why = null;
        if (!st.started() || st.lost) {
            why = "dispatch of request " + ev.requestId() + " without an open start";
        } else if (st.ended()) {
            why = "dispatch of request " + ev.requestId() + " after its end";
        } else if (st.dispatched()) {
            why = "duplicate dispatch of request " + ev.requestId();
        } else if (st.replica != null) {
            why = "dispatch of request " + ev.requestId() + " whose start named its replica";
        }
        if (why != null) {
            refuse(in, ctx, why);
            return;
        }
        st.dispatchReplica = ev.labels().replica();
        st.dispatchNode = ev.labels().node();
        Fact arrival = Fact.at(ev.tsMs(), st.dispatchLabels());
        arrival.replicaOnly = true;
        arrival.arrivals = 1;
        arrival.inflightDelta = 1;
        out.collect(arrival);
        state.update(st);
    }

    /**
     * −1 for the dispatch's replica at {@code ts}, when the request was dispatched after a wait.
     */
    private static void closeDispatch(RequestState st, long ts, Collector<Fact> out) {
        if (st.dispatched()) {
            Fact close = Fact.at(ts, st.dispatchLabels());
            close.replicaOnly = true;
            close.inflightDelta = -1;
            out.collect(close);
        }
    }

    private void onEnd(Ingested<RequestEvent> in, RequestState st, Context ctx, Collector<Fact> out)
            throws Exception {
        RequestEvent ev = in.record;
        if (st.lost) {
            refuse(in, ctx, "end of request " + ev.requestId() + " already closed as lost");
            return;
        }
        if (st.ended()) {
            refuse(in, ctx, "duplicate end of request " + ev.requestId());
            return;
        }
        st.endTs = ev.tsMs();
        Labels labels = RequestState.merge(ev.labels(), st.labels());
        Fact finish = Fact.at(ev.tsMs(), labels);
        finish.finishes = 1;
        finish.errorClass = ev.isError() ? ev.errorClass().wire() : null;
        finish.e2eMs = ev.e2eMs();
        finish.ttftMs = ev.ttftMs();
        finish.queueMs = ev.queueMs();
        finish.generationMs = ev.generationMs();
        finish.tpotMs = ev.tpotMs();
        finish.good = !ev.isError() && meetsSlo(ev);
        if (st.started()) {
            if (labels.equals(st.labels())) {
                finish.inflightDelta = -1;
            } else {
                Fact close = Fact.at(ev.tsMs(), st.labels());
                close.inflightDelta = -1;
                out.collect(close);
            }
            closeDispatch(st, ev.tsMs(), out);
        }
        out.collect(finish);
        if (st.tokenRecords == 0 && (ev.promptTokens() != null || ev.completionTokens() != null)) {
            Fact tokens = Fact.at(ev.tsMs(), labels);
            tokens.promptTokens = ev.promptTokens() == null ? 0 : ev.promptTokens();
            tokens.completionTokens = ev.completionTokens() == null ? 0 : ev.completionTokens();
            st.pendingTokens = tokens;
        }
        setTimer(st, ev.tsMs(), ctx);
        state.update(st);
    }

    /** A request without a TTFT (non-streaming) is judged on e2e for both thresholds. */
    private boolean meetsSlo(RequestEvent ev) {
        double e2e = ev.e2eMs();
        double ttft = ev.ttftMs() == null ? e2e : ev.ttftMs();
        return e2e <= sloE2eMs && ttft <= sloTtftMs;
    }

    @Override
    public void processElement2(Ingested<TokenProgress> in, Context ctx, Collector<Fact> out)
            throws Exception {
        if (late(in, in.record.tsMs(), ctx)) {
            return;
        }
        TokenProgress tp = in.record;
        RequestState st = state.value();
        boolean fresh = st == null;
        st = fresh ? new RequestState() : st;
        Fact tokens = Fact.at(tp.tsMs(), RequestState.merge(tp.labels(), st.labels()));
        tokens.promptTokens = tp.promptTokens() == null ? 0 : tp.promptTokens();
        tokens.completionTokens = tp.completionTokens();
        tokens.itlMs = toArray(tp.itlMs());
        out.collect(tokens);
        st.tokenRecords++;
        st.pendingTokens = null;
        if (fresh) {
            setTimer(st, tp.tsMs() + ttlMs, ctx);
        }
        state.update(st);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Fact> out) throws Exception {
        RequestState st = state.value();
        if (st == null) {
            return;
        }
        st.timer = 0;
        if (st.ended()) {
            if (st.pendingTokens != null) {
                out.collect(st.pendingTokens);
            }
            state.clear();
        } else if (st.started() && !st.lost) {
            Fact lost = Fact.at(timestamp, st.labels());
            lost.finishes = 1;
            lost.errorClass = ErrorClass.LOST.wire();
            lost.inflightDelta = -1;
            out.collect(lost);
            closeDispatch(st, timestamp, out);
            lostRequests.inc();
            st.lost = true;
            setTimer(st, timestamp + ttlMs, ctx);
            state.update(st);
        } else {
            state.clear(); // a lost tombstone, or token progress whose request never showed up
        }
    }

    private static void setTimer(RequestState st, long at, Context ctx) {
        if (st.timer != 0) {
            ctx.timerService().deleteEventTimeTimer(st.timer);
        }
        st.timer = at;
        ctx.timerService().registerEventTimeTimer(at);
    }

    private void refuse(Ingested<RequestEvent> in, Context ctx, String reason) {
        refusedRecords.inc();
        ctx.output(
                DeadLetters.TAG,
                DeadLetters.of(
                        clock.nowMs(),
                        source,
                        in.topic,
                        in.partition,
                        in.offset,
                        reason,
                        "$.type",
                        Codecs.of(RequestEvent.class).encode(in.record)));
    }

    private static double[] toArray(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
