package io.inferscope.jobs.cluster;

/**
 * What the cluster job remembers about a live pod beyond its latest record (a Flink POJO): since
 * when it has not been Ready (event time; null while Ready), and whether its scheduling delay was
 * booked already (once per pod).
 */
public final class PodTrack {
    public Long notReadySinceMs;
    public boolean delayBooked;

    public PodTrack() {}
}
