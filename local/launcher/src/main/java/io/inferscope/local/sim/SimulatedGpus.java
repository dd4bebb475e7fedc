package io.inferscope.local.sim;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.Topics;
import io.inferscope.simulator.ReplicaStats;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One simulated GPU per simulated pod, sampled from the live replica state each {@link #sample()}
 * (the scenario calls it every second) and published as {@code sample} records on {@code
 * inferscope.raw.gpu} through a real {@link RecordSink} — what the GPU collector publishes for a
 * real card, attributed to the pod that holds it. Pods and the memory-pressure flag may change from
 * any thread.
 */
public final class SimulatedGpus {
    private record Attached(String node, Supplier<ReplicaStats> stats) {}

    private final RecordSink sink;
    private final SimDeployment dep;
    private final LongSupplier clock;
    private final Map<String, Attached> pods = new ConcurrentHashMap<>();
    private final Set<String> pressured = ConcurrentHashMap.newKeySet();
    private final Random noise = new Random(42);

    public SimulatedGpus(RecordSink sink, SimDeployment dep, LongSupplier clock) {
        this.sink = sink;
        this.dep = dep;
        this.clock = clock;
    }

    /** The pod on {@code node} now holds a GPU; {@code stats} is its server's live state. */
    public void attach(String pod, String node, Supplier<ReplicaStats> stats) {
        pods.put(pod, new Attached(node, stats));
    }

    public void detach(String pod) {
        pods.remove(pod);
        pressured.remove(pod);
    }

    public void setMemoryPressure(String pod, boolean on) {
        if (on) {
            pressured.add(pod);
        } else {
            pressured.remove(pod);
        }
    }

    /** Publishes one sample per attached GPU; returns how many were accepted. */
    public int sample() {
        long now = clock.getAsLong();
        int accepted = 0;
        for (Map.Entry<String, Attached> e : pods.entrySet()) {
            String pod = e.getKey();
            var record =
                    GpuSamples.sample(
                            dep,
                            pod,
                            e.getValue().node(),
                            e.getValue().stats().get(),
                            pressured.contains(pod),
                            2 * noise.nextDouble() - 1,
                            now);
            if (sink.publish(Topics.RAW_GPU, record.gpuUuid(), record)) {
                accepted++;
            }
        }
        return accepted;
    }

    /** A server that is up but gets no requests: weights loaded, nothing running. */
    public static Supplier<ReplicaStats> idle(String name, int slots) {
        ReplicaStats s = new ReplicaStats(name, slots, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, false);
        return () -> s;
    }
}
