package io.inferscope.collector.kubernetes;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.Topics;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes object records to {@code inferscope.raw.k8s} (key = object UID), skipping those whose
 * content is unchanged. The content hash covers the encoded record without its time and action, so
 * a resync, a re-list after a reconnect, or a change of resourceVersion, managedFields or probe
 * times alone (none of which reach the body) publishes nothing.
 *
 * <p>Memory: one 64-bit hash per watched object, removed on deletion, so the map never outgrows the
 * informer caches. A record the sink refuses leaves no hash behind: the next change or resync of
 * that object publishes it again.
 */
final class ChangeEmitter {
    private static final RecordCodec<K8sRecord> CODEC = Codecs.of(K8sRecord.class);

    private final RecordSink sink;
    private final KubernetesMetrics metrics;
    private final Map<String, Long> lastHash = new ConcurrentHashMap<>();

    ChangeEmitter(RecordSink sink, KubernetesMetrics metrics) {
        this.sink = sink;
        this.metrics = metrics;
    }

    /** Publishes an added or updated object unless its body equals the last one published. */
    boolean changed(K8sRecord record) {
        long hash = hash(record);
        Long previous = lastHash.get(record.uid());
        if (previous != null && previous == hash) {
            metrics.skipped(record.kind());
            return false;
        }
        if (publish(record)) {
            lastHash.put(record.uid(), hash);
            return true;
        }
        return false;
    }

    /** Publishes a deletion and forgets the object. */
    boolean deleted(K8sRecord record) {
        lastHash.remove(record.uid());
        return publish(record);
    }

    /** Forgets an object without publishing (e.g. an expired event). */
    void forget(String uid) {
        lastHash.remove(uid);
    }

    /** Publishes a sample (usage) as is: samples are not deduplicated here. */
    boolean sample(K8sRecord record) {
        return publish(record);
    }

    int tracked() {
        return lastHash.size();
    }

    private boolean publish(K8sRecord record) {
        if (sink.publish(Topics.RAW_K8S, record.uid(), record)) {
            metrics.published(record.kind());
            return true;
        }
        metrics.refused();
        return false;
    }

    /** First 8 bytes of SHA-256 over the record as encoded with a fixed time and action. */
    static long hash(K8sRecord record) {
        byte[] bytes = CODEC.encode(Records.with(record, 1L, Action.UPDATED));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
