package io.inferscope.jobs.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.schemas.Alert;
import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.K8sRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates every rule on the signals of one deployment (key {@code namespace/deployment}) and
 * emits {@link Alert}s. Rules are the initial rules given to the job, overridden or deleted by name
 * through the broadcast state ({@link #RULES}: name → canonical JSON, {@code ""} for deleted).
 *
 * <p>Decisions use data time (window ends, event times), so a replay decides as the live run did;
 * what needs time to pass without data — absence, an event window running out, re-sending firing
 * alerts, forgetting idle groups — runs on one processing-time timer per key, every {@code --tick},
 * only while the key has state: a pipeline whose sources went quiet still resolves and re-sends.
 *
 * <p>State per key: the alert groups ({@code MapState}: rule + group labels → {@link GroupState} as
 * JSON; a threshold group exists only while pending or firing), the evidence buffer and the next
 * tick. Changing or deleting a rule resolves its firing alerts and drops its groups on every key
 * (the new version starts afresh). Metrics: {@code alertsFired}, {@code alertsResolved}.
 */
public final class AlertEvaluator
        extends KeyedBroadcastProcessFunction<String, Signal, Tuple2<String, String>, Alert> {
    private static final long serialVersionUID = 1L;

    /** Rules changed at run time: name → canonical JSON, {@code ""} when deleted. */
    public static final MapStateDescriptor<String, String> RULES =
            new MapStateDescriptor<>("alert-rules", Types.STRING, Types.STRING);

    static final MapStateDescriptor<String, String> GROUPS =
            new MapStateDescriptor<>("alert-groups", Types.STRING, Types.STRING);
    private static final char SEP = '\u0001';

    private final Map<String, String> initialRules;
    private final AlertOptions options;
    private final int defaultWindowS;

    private transient MapState<String, String> groups;
    private transient ValueState<String> evidence;
    private transient ValueState<Long> nextTick;
    private transient ObjectMapper json;
    private transient Map<String, CompiledRule> compiled;
    private transient List<CompiledRule> active;
    private transient Counter fired;
    private transient Counter resolved;

    /** {@code initialRules}: name → canonical JSON of rules already validated. */
    public AlertEvaluator(
            Map<String, String> initialRules, AlertOptions options, int defaultWindowS) {
        this.initialRules = new LinkedHashMap<>(initialRules);
        this.options = options;
        this.defaultWindowS = defaultWindowS;
    }

    @Override
    public void open(OpenContext openContext) {
        groups = getRuntimeContext().getMapState(GROUPS);
        evidence =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("alert-evidence", Types.STRING));
        nextTick =
                getRuntimeContext().getState(new ValueStateDescriptor<>("alert-tick", Types.LONG));
        json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        compiled = new LinkedHashMap<>();
        fired = getRuntimeContext().getMetricGroup().counter("alertsFired");
        resolved = getRuntimeContext().getMetricGroup().counter("alertsResolved");
    }

    @Override
    public void processElement(Signal s, ReadOnlyContext ctx, Collector<Alert> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        List<CompiledRule> rules = rules(ctx.getBroadcastState(RULES));
        Emitter emit = new Emitter(out, now);
        if (s.event != null) {
            EvidenceBuffer ev = evidence();
            ev.add(s.event, now, options.maxEvidence());
            evidence.update(json.writeValueAsString(ev));
            onEvent(rules, s.event, now, emit);
        } else if (s.line != null) {
            EvidenceBuffer ev = evidence();
            ev.add(s.line, now, options.maxEvidence());
            evidence.update(json.writeValueAsString(ev));
        } else {
            Observation o = Observation.of(s);
            for (CompiledRule r : rules) {
                if (r.watches(o.stream)) {
                    onObservation(r, o, now, emit);
                }
            }
        }
        scheduleTick(ctx, now);
    }

    private void onObservation(CompiledRule r, Observation o, long now, Emitter emit)
            throws Exception {
        switch (r.type()) {
            case THRESHOLD -> {
                Double v = o.matches(o.stream, r.scope, r.windowS) ? o.read(r.metric) : null;
                if (v == null) {
                    return;
                }
                String id = id(r, RuleLogic.groupLabels(r.rule.groupBy(), o.labels));
                GroupState g = get(id);
                if (g == null && !r.rule.comparator().test(v, r.rule.threshold())) {
                    return; // nothing pending: no state needed
                }
                g =
                        g != null
                                ? g
                                : new GroupState(
                                        r.name(),
                                        RuleLogic.groupLabels(r.rule.groupBy(), o.labels));
                g.lastArrivalWall = now;
                emit.on(r, g, RuleLogic.threshold(r, g, o, v));
                putOrDrop(id, g, g.firing || g.activeSince != null);
            }
            case ABSENCE -> {
                if (!o.matches(r.metric.stream, r.scope, r.windowS) || o.read(r.metric) == null) {
                    return;
                }
                Map<String, String> labels = RuleLogic.groupLabels(r.rule.groupBy(), o.labels);
                String id = id(r, labels);
                GroupState g = get(id);
                g = g != null ? g : new GroupState(r.name(), labels);
                emit.on(r, g, RuleLogic.absenceArrived(g, o, now));
                put(id, g);
            }
            case BURN_RATE -> {
                if (!o.matches(MetricStream.REQUESTS, r.scope, r.windowS)) {
                    return;
                }
                Map<String, String> labels = RuleLogic.groupLabels(r.rule.groupBy(), o.labels);
                String id = id(r, labels);
                GroupState g = get(id);
                g = g != null ? g : new GroupState(r.name(), labels);
                g.lastArrivalWall = now;
                emit.on(r, g, RuleLogic.burnRate(r, g, o));
                put(id, g);
            }
            case COMPOSITE -> {
                for (int i = 0; i < r.conditions.size(); i++) {
                    CompiledRule.Condition c = r.conditions.get(i);
                    Double v =
                            o.matches(c.metric().stream, c.scope(), c.windowS())
                                    ? o.read(c.metric())
                                    : null;
                    if (v == null) {
                        continue;
                    }
                    Map<String, String> labels = RuleLogic.deploymentLabels(o.labels);
                    String id = id(r, labels);
                    GroupState g = get(id);
                    g = g != null ? g : new GroupState(r.name(), labels);
                    g.lastArrivalWall = now;
                    emit.on(r, g, RuleLogic.composite(r, g, i, o, v));
                    putOrDrop(id, g, g.firing || RuleLogic.anyConditionTrue(g));
                }
            }
            case EVENT -> {}
        }
    }

    private void onEvent(List<CompiledRule> rules, K8sRecord r, long now, Emitter emit)
            throws Exception {
        K8sRecord.Event e = r.event();
        if (!e.isWarning()) {
            return;
        }
        for (CompiledRule rule : rules) {
            if (rule.type() != AlertRule.Type.EVENT || !rule.reasons.contains(e.reason())) {
                continue;
            }
            Map<String, String> labels = new java.util.TreeMap<>();
            Observation.put(labels, "cluster", r.cluster());
            Observation.put(labels, "namespace", r.namespace());
            Observation.put(labels, "deployment", e.deployment());
            String id = id(rule, labels);
            GroupState g = get(id);
            g = g != null ? g : new GroupState(rule.name(), labels);
            g.lastArrivalWall = now;
            long ts = e.lastMs() != null ? e.lastMs() : r.tsMs();
            emit.on(rule, g, RuleLogic.eventArrived(rule, g, r.uid(), e.count(), ts, now));
            put(id, g);
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        nextTick.clear();
        Map<String, CompiledRule> byName = new LinkedHashMap<>();
        rules(ctx.getBroadcastState(RULES)).forEach(r -> byName.put(r.name(), r));
        Emitter emit = new Emitter(out, ts);
        List<String> drop = new ArrayList<>();
        Map<String, GroupState> changed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : groups.entries()) {
            GroupState g = json.readValue(e.getValue(), GroupState.class);
            CompiledRule r = byName.get(g.rule);
            if (r == null) {
                drop.add(e.getKey()); // its rule is gone (e.g. a new job version dropped it)
                continue;
            }
            if (tick(r, g, ts, emit)) {
                changed.put(e.getKey(), g);
            } else {
                drop.add(e.getKey());
            }
        }
        for (String id : drop) {
            groups.remove(id);
        }
        for (Map.Entry<String, GroupState> e : changed.entrySet()) {
            groups.put(e.getKey(), json.writeValueAsString(e.getValue()));
        }
        boolean noEvidence = evidence.value() == null;
        if (!noEvidence) {
            EvidenceBuffer ev = evidence();
            noEvidence = ev.expire(ts - options.evidenceMaxAge().toMillis());
            if (noEvidence) {
                evidence.clear();
            } else {
                evidence.update(json.writeValueAsString(ev));
            }
        }
        if (!changed.isEmpty() || !noEvidence) {
            scheduleTick(ctx, ts);
        }
    }

    /** One group at a tick; false when the group is to be forgotten. */
    private boolean tick(CompiledRule r, GroupState g, long now, Emitter emit) {
        long idle = now - g.lastArrivalWall;
        boolean keep;
        switch (r.type()) {
            case ABSENCE -> {
                emit.on(r, g, RuleLogic.absenceTick(r, g, now));
                keep = idle < r.forMs + options.forgetAfter().toMillis();
            }
            case EVENT -> {
                emit.on(r, g, RuleLogic.eventTick(r, g, now));
                keep = g.firing || !g.eventTimes.isEmpty();
            }
            case BURN_RATE -> keep = idle < options.forgetAfter().toMillis();
            default -> keep = idle < options.staleAfter().toMillis();
        }
        if (!keep) {
            if (g.firing) {
                g.firing = false;
                emit.on(r, g, Transition.RESOLVED);
            }
            return false;
        }
        if (g.firing && now - g.lastSentWall >= options.resendEvery().toMillis()) {
            emit.send(r, g, Alert.Status.FIRING);
        }
        return true;
    }

    @Override
    public void processBroadcastElement(
            Tuple2<String, String> update, Context ctx, Collector<Alert> out) throws Exception {
        String name = update.f0;
        String before = effective(ctx.getBroadcastState(RULES), name);
        if (before.equals(update.f1)) {
            return; // the same rule again (e.g. the whole topic re-read after a restart)
        }
        CompiledRule old = before.isEmpty() ? null : compile(before);
        ctx.getBroadcastState(RULES).put(name, update.f1);
        active = null;
        if (old == null) {
            return;
        }
        long now = ctx.currentProcessingTime();
        Emitter emit = new Emitter(out, now);
        String prefix = name + SEP;
        ctx.applyToKeyedState(
                GROUPS,
                (key, state) -> {
                    List<String> ids = new ArrayList<>();
                    for (Map.Entry<String, String> e : state.entries()) {
                        if (e.getKey().startsWith(prefix)) {
                            ids.add(e.getKey());
                            GroupState g = json.readValue(e.getValue(), GroupState.class);
                            if (g.firing) {
                                g.firing = false;
                                emit.on(old, g, Transition.RESOLVED);
                            }
                        }
                    }
                    for (String id : ids) {
                        state.remove(id);
                    }
                });
    }

    /** The rules in force: initial rules, overridden or deleted by the broadcast state. */
    private List<CompiledRule> rules(ReadOnlyBroadcastState<String, String> updates)
            throws Exception {
        if (active == null) {
            Map<String, String> effective = new LinkedHashMap<>(initialRules);
            for (Map.Entry<String, String> e : updates.immutableEntries()) {
                effective.put(e.getKey(), e.getValue());
            }
            List<CompiledRule> out = new ArrayList<>();
            for (String text : effective.values()) {
                if (!text.isEmpty()) {
                    out.add(compile(text));
                }
            }
            active = out;
        }
        return active;
    }

    private String effective(ReadOnlyBroadcastState<String, String> updates, String name)
            throws Exception {
        String v = updates.get(name);
        return v != null ? v : initialRules.getOrDefault(name, "");
    }

    private CompiledRule compile(String text) {
        return compiled.computeIfAbsent(
                text, t -> new RuleCompiler(defaultWindowS).compile(RuleParser.parseOne(t)));
    }

    private static String id(CompiledRule r, Map<String, String> labels) {
        StringBuilder s = new StringBuilder(r.name()).append(SEP);
        labels.forEach((k, v) -> s.append(k).append('=').append(v).append(','));
        return s.toString();
    }

    private GroupState get(String id) throws Exception {
        String text = groups.get(id);
        return text == null ? null : json.readValue(text, GroupState.class);
    }

    private void put(String id, GroupState g) throws Exception {
        groups.put(id, json.writeValueAsString(g));
    }

    private void putOrDrop(String id, GroupState g, boolean keep) throws Exception {
        if (keep) {
            put(id, g);
        } else {
            groups.remove(id);
        }
    }

    private EvidenceBuffer evidence() throws Exception {
        String text = evidence.value();
        return text == null ? new EvidenceBuffer() : json.readValue(text, EvidenceBuffer.class);
    }

    private void scheduleTick(ReadOnlyContext ctx, long now) throws Exception {
        scheduleTick(ctx.timerService(), now);
    }

    private void scheduleTick(org.apache.flink.streaming.api.TimerService timers, long now)
            throws Exception {
        if (nextTick.value() == null) {
            long tick = options.tick().toMillis();
            long at = (now / tick + 1) * tick;
            timers.registerProcessingTimeTimer(at);
            nextTick.update(at);
        }
    }

    /** Turns transitions into alert records, with the key's evidence. */
    private final class Emitter {
        private final Collector<Alert> out;
        private final long now;

        Emitter(Collector<Alert> out, long now) {
            this.out = out;
            this.now = now;
        }

        void on(CompiledRule r, GroupState g, Transition t) {
            if (t == Transition.FIRED) {
                fired.inc();
                send(r, g, Alert.Status.FIRING);
            } else if (t == Transition.RESOLVED) {
                resolved.inc();
                send(r, g, Alert.Status.RESOLVED);
            }
        }

        void send(CompiledRule r, GroupState g, Alert.Status status) {
            try {
                List<Alert.Evidence> ev = evidence().select(options.maxEvidence());
                out.collect(AlertFactory.alert(r, g, status, now, ev));
                g.lastSentWall = now;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable evidence state", e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
