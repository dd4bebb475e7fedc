package io.inferscope.collector.kubernetes;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps what the collector publishes; checks topic and key (the object UID) on the way in. */
final class CollectingSink implements RecordSink {
    private final List<K8sRecord> records = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private volatile boolean refuse;

    @Override
    public synchronized <T> boolean publish(TopicSpec<T> topic, String key, T record) {
        if (topic != Topics.RAW_K8S || !(record instanceof K8sRecord r)) {
            problems.add("unexpected " + topic.name() + " " + record);
            return false;
        }
        if (!r.uid().equals(key)) {
            problems.add("key " + key + " is not the uid " + r.uid());
        }
        if (refuse) {
            return false;
        }
        records.add(r);
        notifyAll();
        return true;
    }

    /** From now on, refuse records as a full publisher would. */
    void refuse(boolean v) {
        refuse = v;
    }

    synchronized List<K8sRecord> records() {
        return List.copyOf(records);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized List<K8sRecord> matching(Predicate<K8sRecord> match) {
        return records.stream().filter(match).toList();
    }

    /** Waits until a record matches, at most {@code timeout}; returns the first match or null. */
    synchronized K8sRecord await(Predicate<K8sRecord> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (K8sRecord r : records) {
                if (match.test(r)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
