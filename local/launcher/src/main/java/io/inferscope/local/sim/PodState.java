package io.inferscope.local.sim;

import io.inferscope.schemas.K8sRecord.Phase;

/**
 * One simulated pod of the deployment with its single {@code vllm} container, immutable: each
 * change is a new value, which makes "did it change since last published" a plain {@code equals}.
 *
 * @param node null while unscheduled
 * @param scheduledMs null while unscheduled
 * @param readyMs when it last became Ready; null if never
 */
public record PodState(
        String name,
        String uid,
        Phase phase,
        boolean ready,
        String node,
        long createdMs,
        Long scheduledMs,
        Long readyMs,
        int restartCount,
        String waitingReason,
        String lastTerminatedReason) {

    /** A pod that was created, scheduled and became Ready at the given times. */
    public static PodState running(
            String name, String uid, String node, long createdMs, long scheduledMs, long readyMs) {
        return new PodState(
                name,
                uid,
                Phase.RUNNING,
                true,
                node,
                createdMs,
                scheduledMs,
                readyMs,
                0,
                null,
                null);
    }

    /** A pod just created, waiting for a node. */
    public static PodState pending(String name, String uid, long createdMs) {
        return new PodState(
                name, uid, Phase.PENDING, false, null, createdMs, null, null, 0, null, null);
    }

    public PodState scheduled(String onNode, long atMs) {
        return new PodState(
                name,
                uid,
                phase,
                false,
                onNode,
                createdMs,
                atMs,
                readyMs,
                restartCount,
                "ContainerCreating",
                lastTerminatedReason);
    }

    public PodState started() {
        return new PodState(
                name,
                uid,
                Phase.RUNNING,
                false,
                node,
                createdMs,
                scheduledMs,
                readyMs,
                restartCount,
                null,
                lastTerminatedReason);
    }

    public PodState becameReady(long atMs) {
        return new PodState(
                name,
                uid,
                Phase.RUNNING,
                true,
                node,
                createdMs,
                scheduledMs,
                atMs,
                restartCount,
                null,
                lastTerminatedReason);
    }

    /** The container exited with an error and the kubelet backs off before restarting it. */
    public PodState crashed() {
        return new PodState(
                name,
                uid,
                Phase.RUNNING,
                false,
                node,
                createdMs,
                scheduledMs,
                readyMs,
                restartCount + 1,
                "CrashLoopBackOff",
                "Error");
    }

    /** The server is up; the pod is Running and serving but has not passed readiness yet. */
    public boolean isRunningContainer() {
        return phase == Phase.RUNNING && waitingReason == null;
    }
}
