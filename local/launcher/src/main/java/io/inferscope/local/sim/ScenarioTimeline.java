package io.inferscope.local.sim;

import io.inferscope.simulator.RateProfile;
import java.time.Duration;
import java.util.List;

/**
 * When the demo's load phases and incidents happen, as offsets from the start of the load. The
 * defaults tell one story in about 2.5 minutes: steady traffic, a spike that makes the HPA scale up
 * (the new pod waits for a GPU node), a replica that crash-loops during the spike, GPU memory
 * pressure on another replica during the recovery, then the HPA scales back down. {@link
 * #scaled(double)} shrinks or stretches every offset alike (tests run the story at 0.3×).
 *
 * @param steady steady load before the spike
 * @param spike the spike's length
 * @param recovery load at the steady rate after the spike (the profile keeps that rate after it)
 * @param scaleUpAt the HPA raises desired replicas and a new pod is created, Pending
 * @param unschedulableFor the new pod waits this long for a node (FailedScheduling events)
 * @param containerStartFor then ContainerCreating this long, then Running, Ready after model load
 * @param crashAt one replica's server goes down and its pod starts crash-looping
 * @param crashFor how long it crash-loops before it stays up
 * @param restartEvery the kubelet restarts the crashing container this often (BackOff events)
 * @param pressureAt GPU memory pressure starts on another replica
 * @param pressureFor how long the pressure lasts
 * @param scaleDownAt the HPA goes back to its minimum and the extra pod is deleted
 * @param eventRepeat a repeated event (FailedScheduling) is re-counted this often
 */
public record ScenarioTimeline(
        Duration steady,
        Duration spike,
        Duration recovery,
        Duration scaleUpAt,
        Duration unschedulableFor,
        Duration containerStartFor,
        Duration crashAt,
        Duration crashFor,
        Duration restartEvery,
        Duration pressureAt,
        Duration pressureFor,
        Duration scaleDownAt,
        Duration eventRepeat) {

    public static ScenarioTimeline defaults() {
        return new ScenarioTimeline(
                Duration.ofSeconds(45),
                Duration.ofSeconds(45),
                Duration.ofSeconds(60),
                Duration.ofSeconds(50),
                Duration.ofSeconds(20),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(40),
                Duration.ofSeconds(10),
                Duration.ofSeconds(100),
                Duration.ofSeconds(40),
                Duration.ofSeconds(150),
                Duration.ofSeconds(5));
    }

    /** Every offset and length multiplied by {@code factor} (> 0), at least 100 ms each. */
    public ScenarioTimeline scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("scale must be > 0, was " + factor);
        }
        List<Duration> d =
                List.of(
                                steady,
                                spike,
                                recovery,
                                scaleUpAt,
                                unschedulableFor,
                                containerStartFor,
                                crashAt,
                                crashFor,
                                restartEvery,
                                pressureAt,
                                pressureFor,
                                scaleDownAt,
                                eventRepeat)
                        .stream()
                        .map(
                                x ->
                                        Duration.ofMillis(
                                                Math.max(100, Math.round(x.toMillis() * factor))))
                        .toList();
        return new ScenarioTimeline(
                d.get(0), d.get(1), d.get(2), d.get(3), d.get(4), d.get(5), d.get(6), d.get(7),
                d.get(8), d.get(9), d.get(10), d.get(11), d.get(12));
    }

    /** Steady → spike (rate × factor) → recovery, the load generator's profile. */
    public RateProfile loadProfile(double rate, double spikeFactor) {
        return RateProfile.spike(rate, spikeFactor, steady, spike, recovery);
    }

    /** When the new pod is assigned a node. */
    public Duration scheduledAt() {
        return scaleUpAt.plus(unschedulableFor);
    }

    /** When the new pod's container is up (Running, not yet Ready). */
    public Duration runningAt() {
        return scheduledAt().plus(containerStartFor);
    }

    /** When the new pod passes its readiness probe (model loaded). */
    public Duration readyAt() {
        return runningAt().plus(containerStartFor);
    }

    public Duration crashEndAt() {
        return crashAt.plus(crashFor);
    }

    public Duration pressureEndAt() {
        return pressureAt.plus(pressureFor);
    }

    /** The end of the last incident: after it the demo runs steady. */
    public Duration storyEnd() {
        Duration end = scaleDownAt;
        for (Duration d : List.of(readyAt(), crashEndAt(), pressureEndAt())) {
            end = d.compareTo(end) > 0 ? d : end;
        }
        return end;
    }
}
