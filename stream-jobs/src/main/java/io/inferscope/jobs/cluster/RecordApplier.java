package io.inferscope.jobs.cluster;

import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/**
 * Applies one deployment's records, in event-time order, to its keyed state, and books what they
 * mean for the window being closed ({@link WindowFacts}). Used by {@link DeploymentStateFunction}
 * at a window's fire time.
 */
final class RecordApplier {
    static final String SCALING_REPLICA_SET = "ScalingReplicaSet";

    /** The keyed state of one deployment (pods, tracks, usage and events keyed by string). */
    record States(
            ValueState<K8sRecord> deployment,
            ValueState<K8sRecord> hpa,
            MapState<String, K8sRecord> pods,
            MapState<String, PodTrack> podTracks,
            MapState<String, K8sRecord> usage,
            MapState<String, EventSeen> eventsSeen) {

        void clear() {
            deployment.clear();
            hpa.clear();
            pods.clear();
            podTracks.clear();
            usage.clear();
            eventsSeen.clear();
        }
    }

    private final States s;
    private final long windowStartMs;
    private final long sizeMs;

    RecordApplier(States states, long windowStartMs, long sizeMs) {
        this.s = states;
        this.windowStartMs = windowStartMs;
        this.sizeMs = sizeMs;
    }

    void apply(K8sRecord r, WindowFacts facts) throws Exception {
        facts.applied++;
        switch (r.kind()) {
            case POD -> pod(r, facts);
            case DEPLOYMENT -> deployment(r, facts);
            case HPA -> hpa(r);
            case EVENT -> event(r, facts);
            case USAGE -> usage(r);
            case QUOTA -> {} // joined per namespace downstream, never routed here
        }
    }

    /** Live: the deployment exists, or it still has pods. */
    boolean isLive() throws Exception {
        K8sRecord d = s.deployment.value();
        return (d != null && d.action() != Action.DELETED) || !s.pods.isEmpty();
    }

    private void deployment(K8sRecord r, WindowFacts facts) throws Exception {
        K8sRecord prev = s.deployment.value();
        if (r.action() != Action.DELETED
                && prev != null
                && prev.action() != Action.DELETED
                && prev.deployment().desired() != r.deployment().desired()) {
            facts.desiredChanges++;
        }
        s.deployment.update(r);
    }

    private void hpa(K8sRecord r) throws Exception {
        if (r.action() == Action.DELETED) {
            s.hpa.clear();
        } else {
            s.hpa.update(r);
        }
    }

    private void pod(K8sRecord r, WindowFacts facts) throws Exception {
        String uid = r.uid();
        if (r.action() == Action.DELETED) {
            K8sRecord gone = s.pods.get(uid);
            s.pods.remove(uid);
            s.podTracks.remove(uid);
            removeUsageOf(gone == null ? r.name() : gone.name());
            return;
        }
        K8sRecord prev = s.pods.get(uid);
        PodTrack track = s.podTracks.get(uid);
        K8sRecord.Pod pod = r.pod();
        boolean ready = Boolean.TRUE.equals(pod.ready());
        if (prev == null || track == null) {
            track = new PodTrack();
            if (!ready) {
                track.notReadySinceMs = pod.createdMs() != null ? pod.createdMs() : r.tsMs();
            }
        } else {
            facts.restarts += restarts(prev.pod(), pod);
            if (ready) {
                track.notReadySinceMs = null;
            } else if (track.notReadySinceMs == null) {
                track.notReadySinceMs = r.tsMs();
            }
        }
        if (!track.delayBooked && pod.scheduledMs() != null && pod.createdMs() != null) {
            boolean seenUnscheduled = prev != null && prev.pod().scheduledMs() == null;
            // A pod first seen long after it was scheduled (the collector started later) is not
            // a scheduling in this window: book only what happened in or just before it.
            if (seenUnscheduled || pod.scheduledMs() >= windowStartMs - sizeMs) {
                facts.schedulingDelayMs.add(Math.max(0, pod.scheduledMs() - pod.createdMs()));
            }
            track.delayBooked = true;
        }
        s.pods.put(uid, r);
        s.podTracks.put(uid, track);
    }

    /** Increases of restart counts of containers known before; new containers count nothing. */
    static long restarts(K8sRecord.Pod before, K8sRecord.Pod after) {
        Map<String, Integer> old = new HashMap<>();
        for (K8sRecord.Container c : before.containers()) {
            old.put(c.name(), c.restartCount());
        }
        long n = 0;
        for (K8sRecord.Container c : after.containers()) {
            Integer was = old.get(c.name());
            if (was != null && c.restartCount() > was) {
                n += c.restartCount() - was;
            }
        }
        return n;
    }

    /**
     * First sight of an event object counts one occurrence; later records of it count the increase
     * of its {@code count} (Kubernetes aggregates repeats into one object), or one without a count.
     */
    private void event(K8sRecord r, WindowFacts facts) throws Exception {
        if (r.action() == Action.DELETED) {
            s.eventsSeen.remove(r.uid());
            return;
        }
        K8sRecord.Event ev = r.event();
        EventSeen seen = s.eventsSeen.get(r.uid());
        long count = ev.count() == null ? 1 : ev.count();
        long occurrences;
        if (seen == null) {
            occurrences = 1;
        } else if (ev.count() == null) {
            occurrences = 1;
            count = seen.count + 1;
        } else {
            occurrences = Math.max(0, count - seen.count);
        }
        s.eventsSeen.put(
                r.uid(), EventSeen.of(Math.max(count, seen == null ? 0 : seen.count), r.tsMs()));
        if (occurrences == 0) {
            return;
        }
        if (ev.isWarning()) {
            facts.warnings.merge(ev.reason(), occurrences, Long::sum);
        }
        if (SCALING_REPLICA_SET.equals(ev.reason())) {
            facts.scalingReplicaSetEvents += occurrences;
        }
    }

    private void usage(K8sRecord r) throws Exception {
        K8sRecord.Usage u = r.usage();
        String key = u.pod() + "/" + (u.container() == null ? "" : u.container());
        if (r.action() == Action.DELETED) {
            s.usage.remove(key);
        } else {
            s.usage.put(key, r);
        }
    }

    private void removeUsageOf(String podName) throws Exception {
        List<String> gone = new ArrayList<>();
        for (String k : s.usage.keys()) {
            if (k.startsWith(podName + "/")) {
                gone.add(k);
            }
        }
        for (String k : gone) {
            s.usage.remove(k);
        }
    }

    /**
     * Bounds state at a window end: usage of pods that are not live and older than this window, and
     * events not updated for {@code ttlMs}, are forgotten.
     */
    void prune(long windowEndMs, long ttlMs) throws Exception {
        Set<String> livePods = new HashSet<>();
        for (K8sRecord p : s.pods.values()) {
            livePods.add(p.name());
        }
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, K8sRecord> e : s.usage.entries()) {
            if (!livePods.contains(e.getValue().usage().pod())
                    && e.getValue().tsMs() < windowStartMs) {
                gone.add(e.getKey());
            }
        }
        for (String k : gone) {
            s.usage.remove(k);
        }
        gone.clear();
        for (Map.Entry<String, EventSeen> e : s.eventsSeen.entries()) {
            if (e.getValue().tsMs < windowEndMs - ttlMs) {
                gone.add(e.getKey());
            }
        }
        for (String k : gone) {
            s.eventsSeen.remove(k);
        }
    }
}
