package io.inferscope.jobs.cluster;

/**
 * Liveness of a deployment key across windows (a Flink POJO): whether it was live at the end of the
 * last window, and since when it has not been (deleted or never seen, and no pods), for the state
 * TTL.
 */
public final class DeploymentTrack {
    public boolean wasLive;
    public Long notLiveSinceMs;

    public DeploymentTrack() {}
}
