package io.inferscope.console;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the last {@code eventsPerDeployment} Kubernetes events of each deployment (records of kind
 * {@code event} on {@code inferscope.raw.k8s}; the other kinds are ignored, not counted as bad).
 * Events without a deployment are kept under {@code -}. The bound is per store partition: events
 * are keyed by object UID upstream, so one deployment's events spread over partitions and, with
 * several instances, over instances; the API gathers them.
 */
final class EventsProcessor implements Processor<String, byte[], Void, Void> {
    private static final RecordCodec<K8sRecord> CODEC = Topics.RAW_K8S.codec();
    private static final StringSerializer KEYS = new StringSerializer();

    private final int keep;
    private final SkippedRecords skipped;
    private KeyValueStore<String, byte[]> store;

    EventsProcessor(int keep, SkippedRecords skipped) {
        this.keep = keep;
        this.skipped = skipped;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.EVENTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        K8sRecord k8s;
        try {
            k8s = CODEC.decode(record.value());
        } catch (DecodeException e) {
            skipped.skip(Topics.RAW_K8S.name(), e.getMessage());
            return;
        }
        if (k8s.kind() != K8sRecord.Kind.EVENT) {
            return;
        }
        String deployment = deploymentOf(k8s);
        long ts = k8s.event().lastMs() != null ? k8s.event().lastMs() : k8s.tsMs();
        store.put(StoreNames.eventKey(deployment, ts, k8s.uid()), record.value());
        trim(deployment + "|");
    }

    private void trim(String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        // Oldest first (zero-padded timestamps): drop from the front.
        for (int i = 0; i < keys.size() - keep; i++) {
            store.delete(keys.get(i));
        }
    }

    static String deploymentOf(K8sRecord k8s) {
        String d = k8s.owningDeployment();
        String ns = k8s.namespace();
        return (ns == null || ns.isEmpty() ? "-" : ns) + "/" + (d == null || d.isEmpty() ? "-" : d);
    }
}
