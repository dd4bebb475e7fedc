package io.inferscope.local.sim;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The Kubernetes side of the simulated deployment: its pods (named like the simulated replicas, so
 * pod labels join request labels), the Deployment, its HPA, the namespace's ResourceQuota, usage
 * and events — published as {@link K8sRecord}s on {@code inferscope.raw.k8s} through a real {@link
 * RecordSink}, the way the Kubernetes collector publishes a real cluster: an object is re-published
 * when it changes, every object again on each resync (so a job that starts late still learns the
 * state), events when they happen, usage periodically.
 *
 * <p>Not thread-safe: the scenario drives it from one thread (state changes and {@link #tick()}).
 */
public final class SimulatedCluster {
    /** How often every object is published again although unchanged, as an informer resync. */
    public static final long RESYNC_MS = 30_000;

    /**
     * How often usage (metrics.k8s.io) is published per running pod. Often enough that the cluster
     * job's watermark keeps moving between state changes, so its windows close on time.
     */
    public static final long USAGE_MS = 5_000;

    private final RecordSink sink;
    private final SimDeployment dep;
    private final LongSupplier clock;
    private final ToDoubleFunction<String> busy;
    private final int hpaMin;
    private final int hpaMax;
    private final Map<String, PodState> pods = new LinkedHashMap<>();
    private final Map<String, EventState> events = new HashMap<>();
    private final Map<String, Object> published = new HashMap<>();
    private int desired;
    private long lastResyncMs;
    private long lastUsageMs;

    /**
     * @param podNodes the deployment's pods at start, name → node, Running and Ready
     * @param busy a pod's load in 0..1 (batch occupancy), for its usage records
     */
    public SimulatedCluster(
            RecordSink sink,
            SimDeployment dep,
            Map<String, String> podNodes,
            int hpaMax,
            LongSupplier clock,
            ToDoubleFunction<String> busy) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.dep = dep;
        this.clock = clock;
        this.busy = busy;
        this.hpaMin = podNodes.size();
        this.hpaMax = Math.max(hpaMax, hpaMin);
        this.desired = hpaMin;
        long now = clock.getAsLong();
        // They have been up a while: created 20 min ago, scheduled in ~1 s, Ready after model load.
        long created = now - 20 * 60_000;
        podNodes.forEach(
                (name, node) ->
                        pods.put(
                                name,
                                PodState.running(
                                        name,
                                        dep.uid("Pod", name),
                                        node,
                                        created,
                                        created + 1_200,
                                        created + 61_200)));
    }

    /** Publishes every object once (the collector's initial list). */
    public void start() {
        publishAll(true, Action.ADDED);
        lastResyncMs = clock.getAsLong();
        lastUsageMs = lastResyncMs;
    }

    /** Called about once a second: periodic resync and usage. */
    public void tick() {
        long now = clock.getAsLong();
        if (now - lastResyncMs >= RESYNC_MS) {
            publishAll(true, Action.UPDATED);
            lastResyncMs = now;
        }
        if (now - lastUsageMs >= USAGE_MS) {
            for (PodState p : pods.values()) {
                if (p.isRunningContainer()) {
                    publish(K8sObjects.usage(dep, p, busy.applyAsDouble(p.name()), USAGE_MS, now));
                }
            }
            lastUsageMs = now;
        }
    }

    public PodState pod(String name) {
        return pods.get(name);
    }

    public int desired() {
        return desired;
    }

    public int readyPods() {
        return (int) pods.values().stream().filter(PodState::ready).count();
    }

    /** The HPA asks for one more replica: a new pod is created and cannot be placed yet. */
    public void scaleUp(String newPod, int nodesInCluster) {
        long now = clock.getAsLong();
        desired = Math.min(hpaMax, desired + 1);
        pods.put(newPod, PodState.pending(newPod, dep.uid("Pod", newPod), now));
        publishAll(false, Action.UPDATED);
        String rs = dep.replicaSet();
        event(
                "Normal",
                "ScalingReplicaSet",
                "Deployment",
                dep.deployment(),
                dep.uid("Deployment", dep.deployment()),
                "Scaled up replica set " + rs + " from " + (desired - 1) + " to " + desired);
        failedScheduling(newPod, nodesInCluster);
    }

    /** The scheduler retries and fails again (the same event, counted up). */
    public void failedScheduling(String pod, int nodesInCluster) {
        event(
                "Warning",
                "FailedScheduling",
                "Pod",
                pod,
                pods.get(pod).uid(),
                String.format(
                        "0/%d nodes are available: %d Insufficient nvidia.com/gpu. preemption: 0/%d"
                                + " nodes are available: %d No preemption victims found for"
                                + " incoming pod.",
                        nodesInCluster, nodesInCluster, nodesInCluster, nodesInCluster));
    }

    public void schedule(String pod, String node) {
        long now = clock.getAsLong();
        change(pod, pods.get(pod).scheduled(node, now));
        event(
                "Normal",
                "Scheduled",
                "Pod",
                pod,
                pods.get(pod).uid(),
                "Successfully assigned " + dep.namespace() + "/" + pod + " to " + node);
    }

    public void containerStarted(String pod) {
        change(pod, pods.get(pod).started());
        event(
                "Normal",
                "Started",
                "Pod",
                pod,
                pods.get(pod).uid(),
                "Started container " + K8sObjects.CONTAINER);
    }

    public void ready(String pod) {
        change(pod, pods.get(pod).becameReady(clock.getAsLong()));
    }

    /** The server container exited with an error; the kubelet restarts it after a back-off. */
    public void crash(String pod) {
        PodState p = pods.get(pod).crashed();
        change(pod, p);
        event(
                "Warning",
                "BackOff",
                "Pod",
                pod,
                p.uid(),
                "Back-off restarting failed container "
                        + K8sObjects.CONTAINER
                        + " in pod "
                        + pod
                        + "_"
                        + dep.namespace()
                        + "("
                        + p.uid()
                        + ")");
    }

    /** The container stays up this time and passes its readiness probe. */
    public void recover(String pod) {
        change(pod, pods.get(pod).started().becameReady(clock.getAsLong()));
    }

    /** The HPA goes back down; the deployment controller deletes {@code pod}. */
    public void scaleDown(String pod) {
        long now = clock.getAsLong();
        PodState gone = pods.remove(pod);
        desired = Math.max(hpaMin, desired - 1);
        event(
                "Normal",
                "ScalingReplicaSet",
                "Deployment",
                dep.deployment(),
                dep.uid("Deployment", dep.deployment()),
                "Scaled down replica set "
                        + dep.replicaSet()
                        + " from "
                        + (desired + 1)
                        + " to "
                        + desired);
        if (gone != null) {
            event(
                    "Normal",
                    "Killing",
                    "Pod",
                    pod,
                    gone.uid(),
                    "Stopping container " + K8sObjects.CONTAINER);
            publish(K8sObjects.pod(dep, gone, Action.DELETED, now));
            published.remove(gone.uid());
        }
        publishAll(false, Action.UPDATED);
    }

    private void change(String pod, PodState next) {
        pods.put(pod, next);
        publishAll(false, Action.UPDATED);
    }

    /** Publishes the objects whose state differs from what was last published (all if forced). */
    private void publishAll(boolean force, Action action) {
        long now = clock.getAsLong();
        List<PodState> all = new ArrayList<>(pods.values());
        List<K8sRecord> records = new ArrayList<>();
        for (PodState p : all) {
            boolean isNew = !published.containsKey(p.uid());
            records.add(K8sObjects.pod(dep, p, isNew ? Action.ADDED : action, now));
        }
        records.add(K8sObjects.deployment(dep, desired, all, now));
        records.add(K8sObjects.hpa(dep, hpaMin, hpaMax, all.size(), desired, now));
        records.add(K8sObjects.quota(dep, hpaMax, all, now));
        for (K8sRecord r : records) {
            Object body = body(r);
            if (force || !body.equals(published.get(r.uid()))) {
                publish(r);
                published.put(r.uid(), body);
            }
        }
    }

    private static Object body(K8sRecord r) {
        return Objects.requireNonNull(
                r.pod() != null
                        ? r.pod()
                        : r.deployment() != null
                                ? r.deployment()
                                : r.hpa() != null ? r.hpa() : r.quota());
    }

    private void event(
            String type, String reason, String kind, String name, String uid, String message) {
        long now = clock.getAsLong();
        // The API server folds the same reason and message about the same object into one event.
        String key = kind + "/" + name + "/" + reason + "/" + message;
        EventState e = events.get(key);
        if (e == null) {
            String eventName = name + "." + Long.toHexString(now * 31 + key.hashCode());
            e =
                    new EventState(
                            eventName,
                            dep.uid("Event", eventName),
                            type,
                            reason,
                            message,
                            kind,
                            name,
                            uid,
                            1,
                            now,
                            now);
        } else {
            e = e.repeated(now, message);
        }
        events.put(key, e);
        publish(K8sObjects.event(dep, e, now));
    }

    private void publish(K8sRecord r) {
        sink.publish(Topics.RAW_K8S, r.uid(), r);
    }
}
