package io.inferscope.console;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the newest state of every alert by fingerprint. Firing alerts stay until resolved; resolved
 * ones stay listed as recent for {@code recentAlerts} after they ended, then a wall-clock
 * punctuation (once a minute) deletes them, so the store stays bounded. An older update (by {@code
 * updated_at_ms}) never overwrites a newer one.
 */
final class AlertsProcessor implements Processor<String, byte[], Void, Void> {
    private static final RecordCodec<Alert> CODEC = Topics.ALERTS.codec();
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final Duration recent;
    private final SkippedRecords skipped;
    private KeyValueStore<String, byte[]> store;

    AlertsProcessor(Duration recent, SkippedRecords skipped) {
        this.recent = recent;
        this.skipped = skipped;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.ALERTS);
        context.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Alert alert;
        try {
            alert = CODEC.decode(record.value());
        } catch (DecodeException e) {
            skipped.skip(Topics.ALERTS.name(), e.getMessage());
            return;
        }
        byte[] previous = store.get(alert.fingerprint());
        if (previous != null && decode(previous).updatedAtMs() > alert.updatedAtMs()) {
            return;
        }
        store.put(alert.fingerprint(), record.value());
    }

    void purge(long nowMs) {
        long cutoff = nowMs - recent.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Alert a = decode(kv.value);
                if (a.status() == Alert.Status.RESOLVED && a.endsAtMs() < cutoff) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(store::delete);
    }

    private static Alert decode(byte[] stored) {
        try {
            return CODEC.decode(stored);
        } catch (DecodeException e) {
            throw new IllegalStateException("stored alert no longer decodes", e);
        }
    }
}
