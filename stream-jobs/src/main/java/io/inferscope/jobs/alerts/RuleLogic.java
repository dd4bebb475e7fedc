package io.inferscope.jobs.alerts;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.inferscope.schemas.Quantiles;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.sketch.QuantileSketches;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each rule type does with one observation of its group, on a {@link GroupState}; no Flink
 * here. Each method returns the transition the observation caused.
 */
final class RuleLogic {
    private RuleLogic() {}

    /**
     * The group labels of an observation: the rule's {@code group_by} labels, or every label of the
     * record; the namespace, deployment and cluster are always kept (alerts are per deployment).
     */
    static Map<String, String> groupLabels(List<String> groupBy, Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            boolean identity =
                    e.getKey().equals("cluster")
                            || e.getKey().equals("namespace")
                            || e.getKey().equals("deployment");
            if (groupBy == null || identity || groupBy.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    static Map<String, String> deploymentLabels(Map<String, String> labels) {
        return groupLabels(List.of(), labels);
    }

    static Transition threshold(CompiledRule r, GroupState g, Observation o, double v) {
        boolean cond = r.rule.comparator().test(v, r.rule.threshold());
        return g.observe(
                cond, v, r.rule.threshold(), o.startMs, o.endMs, r.forMs, r.keepFiringForMs);
    }

    /** Records condition {@code i}'s value, then judges all conditions at the newest time seen. */
    static Transition composite(CompiledRule r, GroupState g, int i, Observation o, double v) {
        CompiledRule.Condition c = r.conditions.get(i);
        List<GroupState.Cond> conds = g.conds(r.conditions.size());
        GroupState.Cond old = conds.get(i);
        if (old != null && old.end > o.endMs) {
            return Transition.NONE; // an older window of this condition's stream
        }
        conds.set(i, new GroupState.Cond(v, o.endMs, c.comparator().test(v, c.threshold())));
        long now = 0;
        for (GroupState.Cond x : conds) {
            now = x == null ? now : Math.max(now, x.end);
        }
        // Streams close their windows at different moments: the same or the previous window of
        // every condition counts as "at the same time".
        long oldest = now - 1000L * r.windowS;
        boolean all = true;
        for (GroupState.Cond x : conds) {
            all &= x != null && x.ok && x.end >= oldest;
        }
        GroupState.Cond first = conds.get(0);
        double value = first == null ? v : first.value;
        return g.observe(
                all,
                value,
                r.conditions.get(0).threshold(),
                now - 1000L * r.windowS,
                now,
                r.forMs,
                r.keepFiringForMs);
    }

    static boolean anyConditionTrue(GroupState g) {
        return g.conds != null && g.conds.stream().anyMatch(c -> c != null && c.ok);
    }

    static Transition burnRate(CompiledRule r, GroupState g, Observation o) {
        RequestMetrics m = (RequestMetrics) o.record;
        long[] counts = goodAndTotal(r, m);
        if (g.burn == null) {
            g.burn = BurnBuckets.forLongest(r.longestMs);
        }
        g.burn.put(o.endMs, counts[0], counts[1], r.longestMs);
        double objective = r.rule.objective();
        boolean cond = false;
        double value = 0;
        double factor = r.tiers.get(0).factor();
        for (CompiledRule.Tier t : r.tiers) {
            double longBurn = g.burn.burnRate(o.endMs, t.longMs(), objective);
            double shortBurn = g.burn.burnRate(o.endMs, t.shortMs(), objective);
            boolean tierFires = longBurn > t.factor() && shortBurn > t.factor();
            if (tierFires && (!cond || longBurn > value)) {
                value = longBurn;
                factor = t.factor();
            } else if (!cond) {
                value = Math.max(value, longBurn);
            }
            cond |= tierFires;
        }
        return g.observe(cond, value, factor, o.startMs, o.endMs, r.forMs, r.keepFiringForMs);
    }

    /** {good, total} of one request window under the rule's definition of good. */
    static long[] goodAndTotal(CompiledRule r, RequestMetrics m) {
        return switch (r.rule.good() == null
                ? io.inferscope.schemas.AlertRule.Good.OK
                : r.rule.good()) {
            case OK -> new long[] {Math.max(0, m.finishes() - m.errors()), m.finishes()};
            case SLO -> new long[] {Math.min(m.goodFinishes(), m.finishes()), m.finishes()};
            case TTFT -> {
                Quantiles q = m.ttftMs();
                if (q == null || q.count() == 0) {
                    yield new long[] {0, 0};
                }
                yield new long[] {
                    Math.round(q.count() * fractionAtOrBelow(q, r.rule.goodTtftMs())), q.count()
                };
            }
        };
    }

    /**
     * The fraction of a distribution at or below {@code bound}: from the sketch (a binary search
     * over its quantiles, within its 1 % relative accuracy) when the record carries one, else a
     * conservative step over the published percentiles.
     */
    static double fractionAtOrBelow(Quantiles q, double bound) {
        if (q.max() != null && q.max() <= bound) {
            return 1;
        }
        if (q.min() != null && q.min() > bound) {
            return 0;
        }
        if (q.sketch() != null) {
            try {
                DDSketch sketch = QuantileSketches.decode(q.sketch());
                double lo = 0;
                double hi = 1;
                for (int i = 0; i < 30; i++) {
                    double mid = (lo + hi) / 2;
                    if (sketch.getValueAtQuantile(mid) <= bound) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            } catch (RuntimeException e) {
                // fall through to the percentiles
            }
        }
        double[][] steps = {
            {0.99, val(q.p99())}, {0.95, val(q.p95())}, {0.9, val(q.p90())}, {0.5, val(q.p50())}
        };
        for (double[] s : steps) {
            if (s[1] <= bound) {
                return s[0];
            }
        }
        return 0;
    }

    private static double val(Double d) {
        return d == null ? Double.MAX_VALUE : d;
    }

    /**
     * A matching Warning event object {@code uid} seen at {@code ts} with Kubernetes' repeat {@code
     * count}: the first sight of an event counts one occurrence, a later record the increase of its
     * count (Kubernetes folds repeats into one object), a re-delivery nothing. Fires when {@code
     * count} occurrences fall within the rule's window.
     */
    static Transition eventArrived(
            CompiledRule r, GroupState g, String uid, Integer count, long ts, long now) {
        if (g.eventTimes == null) {
            g.eventTimes = new java.util.ArrayList<>();
            g.seenEvents = new java.util.HashMap<>();
        }
        long c = count == null ? 1 : Math.max(1, count);
        long[] prev = g.seenEvents.get(uid);
        long occurrences = prev == null ? 1 : Math.max(0, c - prev[0]);
        g.seenEvents.put(uid, new long[] {Math.max(c, prev == null ? 0 : prev[0]), ts});
        int cap = Math.max(r.count, 50);
        for (long i = 0; i < Math.min(occurrences, cap); i++) {
            int at = 0;
            while (at < g.eventTimes.size() && g.eventTimes.get(at) <= ts) {
                at++;
            }
            g.eventTimes.add(at, ts);
        }
        while (g.eventTimes.size() > cap) {
            g.eventTimes.remove(0);
        }
        if (ts >= g.newestEvent) {
            g.newestEvent = ts;
            g.lastEventWall = now;
        }
        long horizon = g.newestEvent - r.windowMs;
        g.seenEvents.values().removeIf(v -> v[1] <= horizon);
        return judgeEvents(r, g, g.newestEvent);
    }

    /**
     * Re-judges an event group as time passes without events: the data time is estimated as the
     * newest event's time plus the processing time elapsed since it arrived.
     */
    static Transition eventTick(CompiledRule r, GroupState g, long now) {
        if (g.eventTimes == null || g.newestEvent == 0) {
            return Transition.NONE;
        }
        return judgeEvents(r, g, g.newestEvent + Math.max(0, now - g.lastEventWall));
    }

    private static Transition judgeEvents(CompiledRule r, GroupState g, long at) {
        g.eventTimes.removeIf(t -> t <= at - r.windowMs);
        long inWindow = g.eventTimes.stream().filter(t -> t > at - r.windowMs && t <= at).count();
        return g.observe(
                inWindow >= r.count, inWindow, r.count, at, at, r.forMs, r.keepFiringForMs);
    }

    /** An absence group whose record arrived: a firing absence alert resolves. */
    static Transition absenceArrived(GroupState g, Observation o, long now) {
        g.lastArrivalWall = now;
        g.lastEnd = Math.max(g.lastEnd, o.endMs);
        if (g.firing) {
            g.firing = false;
            g.activeSince = null;
            g.lastEnd = Math.max(now, g.startsAt);
            return Transition.RESOLVED;
        }
        return Transition.NONE;
    }

    /** An absence group at a tick: fires once it has been silent for the rule's {@code for}. */
    static Transition absenceTick(CompiledRule r, GroupState g, long now) {
        long silent = now - g.lastArrivalWall;
        if (!g.firing && silent >= r.forMs) {
            g.firing = true;
            g.startsAt = now;
            g.value = silent / 1000.0;
            g.threshold = r.forMs / 1000.0;
            return Transition.FIRED;
        }
        if (g.firing) {
            g.value = silent / 1000.0;
        }
        return Transition.NONE;
    }
}
