package io.inferscope.jobs.cluster;

import io.inferscope.jobs.common.Distribution;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to one deployment inside one window, collected while the window's records are
 * applied in event-time order (never stored: a window's records are all applied at its fire time).
 */
final class WindowFacts {
    long applied;
    long restarts;
    long desiredChanges;
    long scalingReplicaSetEvents;
    final Distribution schedulingDelayMs = new Distribution();
    final Map<String, Long> warnings = new TreeMap<>();

    /**
     * A scaling shows up both as a change of desired replicas and as a {@code ScalingReplicaSet}
     * event; the larger of the two counts it once when both are seen, and still counts it when only
     * one source is there (no event access, or a rolling update with no change of desired).
     */
    long scalingEvents() {
        return Math.max(desiredChanges, scalingReplicaSetEvents);
    }
}
