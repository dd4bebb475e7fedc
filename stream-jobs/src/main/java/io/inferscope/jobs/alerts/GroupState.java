package io.inferscope.jobs.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one alert group (one rule and one set of group labels) of one deployment key, kept
 * as JSON in a {@code MapState}. Data times ({@code *End}, {@code activeSince}, {@code startsAt})
 * come from the records' windows and event times; {@code *Wall} fields are processing time, used
 * for absence, re-sending and forgetting idle groups.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class GroupState {
    public String rule;
    public Map<String, String> labels = new TreeMap<>();
    public boolean firing;

    /** Start of the first window of the current run of true observations; null when false. */
    public Long activeSince;

    public Long lastTrueEnd;
    public long lastEnd;
    public Double value;
    public Double threshold;
    public long startsAt;
    public long lastArrivalWall;
    public long lastSentWall;

    /** composite: the latest observation of each condition (null until seen). */
    public List<Cond> conds;

    /** event: event times of matching events, oldest first, bounded. */
    public List<Long> eventTimes;

    public long lastEventWall;

    /**
     * event: per event object (uid), its last {@code count} and time, so a re-delivered event (an
     * informer resync) counts nothing and a repeat counts its increase; pruned with the window.
     */
    public Map<String, long[]> seenEvents;

    /** event: the newest matching event time seen (kept when the window has emptied). */
    public long newestEvent;

    /** burn_rate: good and total counts per bucket. */
    public BurnBuckets burn;

    public GroupState() {}

    GroupState(String rule, Map<String, String> labels) {
        this.rule = rule;
        this.labels = new TreeMap<>(labels);
    }

    /**
     * The {@code for} / {@code keep_firing_for} state machine. {@code [start, end)} is the data
     * time the observation covers. Fires once the condition held over at least {@code forMs}
     * (counted from the start of the first true window); resolves once it has been false for at
     * least {@code keepMs} (counted from the end of the last true window). Observations older than
     * the newest one seen are ignored (a late or replayed window).
     */
    Transition observe(
            boolean cond,
            double observed,
            double limit,
            long start,
            long end,
            long forMs,
            long keepMs) {
        if (end < lastEnd) {
            return Transition.NONE;
        }
        lastEnd = end;
        if (cond) {
            value = observed;
            threshold = limit;
            if (activeSince == null) {
                activeSince = start;
            }
            lastTrueEnd = end;
            if (!firing && end - activeSince >= forMs) {
                firing = true;
                startsAt = end;
                return Transition.FIRED;
            }
            return Transition.NONE;
        }
        activeSince = null;
        if (!firing) {
            value = observed;
            threshold = limit;
            return Transition.NONE;
        }
        if (end - lastTrueEnd >= keepMs) {
            firing = false;
            value = observed;
            return Transition.RESOLVED;
        }
        return Transition.NONE;
    }

    /** When a resolved alert ended: never before it started. */
    long endsAt() {
        return Math.max(startsAt, lastEnd);
    }

    /** One composite condition's latest observation. */
    public static final class Cond {
        public double value;
        public long end;
        public boolean ok;

        public Cond() {}

        Cond(double value, long end, boolean ok) {
            this.value = value;
            this.end = end;
            this.ok = ok;
        }
    }

    List<Cond> conds(int n) {
        if (conds == null) {
            conds = new ArrayList<>();
        }
        while (conds.size() < n) {
            conds.add(null);
        }
        return conds;
    }
}
