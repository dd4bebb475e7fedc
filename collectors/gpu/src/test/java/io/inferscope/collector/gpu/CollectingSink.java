package io.inferscope.collector.gpu;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps what the collector publishes; checks topic and key on the way in. */
final class CollectingSink implements RecordSink {
    private final List<GpuRecord> records = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    @Override
    public synchronized <T> boolean publish(TopicSpec<T> topic, String key, T record) {
        if (topic != Topics.RAW_GPU || !(record instanceof GpuRecord r)) {
            problems.add("unexpected " + topic.name() + " " + record);
            return false;
        }
        if (!r.gpuUuid().equals(key)) {
            problems.add("key " + key + " is not the GPU UUID " + r.gpuUuid());
        }
        records.add(r);
        notifyAll();
        return true;
    }

    synchronized List<GpuRecord> records() {
        return List.copyOf(records);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized List<GpuRecord> of(String uuid, GpuRecord.Type type) {
        return records.stream().filter(r -> r.gpuUuid().equals(uuid) && r.type() == type).toList();
    }

    /** Waits until {@code n} records match, at most {@code timeout}; returns what matches. */
    synchronized List<GpuRecord> await(Predicate<GpuRecord> match, int n, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<GpuRecord> hits = records.stream().filter(match).toList();
            long left = deadline - System.nanoTime();
            if (hits.size() >= n || left <= 0) {
                return hits;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
