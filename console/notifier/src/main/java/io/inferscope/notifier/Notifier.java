package io.inferscope.notifier;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert notifiers: consumes {@code inferscope.alerts} (read_committed, its own consumer group)
 * and delivers every alert to every configured target. Embedded by the console server ({@link
 * #start} beside its Kafka Streams app, {@link #writeMetrics} inside its {@code /metrics}) or run
 * alone by {@link NotifyCommand}.
 *
 * <p>At-least-once: a batch's offsets are committed only after every target has delivered each of
 * its alerts or given up on it (counted in {@code inferscope_notifier_failed_total}), and after the
 * dedup state is on disk. While a batch is being delivered the partitions are paused and the
 * consumer keeps polling, so long retries do not cost the group membership.
 *
 * <p>Options: the {@link NotifierConfig} (group id, targets, retry, dedup state dir, max age),
 * {@code bootstrap}, and {@code kafka} (any Kafka client property from {@code --kafka-config}:
 * security, SASL, TLS; over our defaults, except that offsets are always committed by hand).
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration WAIT_POLL = Duration.ofMillis(100);

    private final NotifierConfig config;
    private final NotifierMetrics metrics = new NotifierMetrics();
    private final RecordCodec<Alert> codec = Topics.ALERTS.codec();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final BatchDelivery batches;
    private final DedupState dedup;
    private final Thread thread;
    private final Set<TopicPartition> revokedInBatch = new HashSet<>();
    private volatile boolean running = true;
    private volatile boolean inBatch;

    private Notifier(NotifierConfig config, Properties kafka) {
        this.config = config;
        config.targets().forEach(metrics::register);
        this.dedup =
                config.stateDir() == null
                        ? DedupState.inMemory()
                        : DedupState.load(config.stateDir());
        Delivery delivery =
                new Delivery(
                        Delivery.defaultClient(),
                        config.retry(),
                        metrics,
                        System::currentTimeMillis,
                        () -> ThreadLocalRandom.current().nextDouble(),
                        d -> TimeUnit.MILLISECONDS.sleep(d.toMillis()));
        List<Target> targets =
                config.targets().stream().map(t -> Target.of(t, config.consoleUrl())).toList();
        this.batches = new BatchDelivery(targets, delivery, dedup, metrics);
        this.consumer = new KafkaConsumer<>(kafka);
        this.thread = new Thread(this::run, "notifier-consumer");
    }

    /** Starts consuming in a thread of its own; returns at once. */
    public static Notifier start(
            NotifierConfig config, String bootstrap, Map<String, String> kafka) {
        Notifier n = new Notifier(config, consumerProperties(config, bootstrap, kafka));
        n.thread.start();
        LOG.info(
                "notifier started: {} target(s), group {}",
                config.targets().size(),
                config.groupId());
        return n;
    }

    static Properties consumerProperties(
            NotifierConfig config, String bootstrap, Map<String, String> kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId());
        p.putAll(kafka);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return p;
    }

    public NotifierMetrics metrics() {
        return metrics;
    }

    /** The notifier's self-metrics in Prometheus text format, for a {@code /metrics} page. */
    public void writeMetrics(Appendable out) throws IOException {
        metrics.write(out);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.ALERTS.name()), new Rebalance());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty() && !handle(records)) {
                    return;
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("notifier consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("notifier stopped: {}", e.toString(), e);
        } finally {
            batches.close();
            persistQuietly();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Delivers one batch and commits it; false when closed in the middle (nothing committed). */
    private boolean handle(ConsumerRecords<byte[], byte[]> records) {
        long now = System.currentTimeMillis();
        List<Alert> alerts = decode(records, now);
        if (!alerts.isEmpty()) {
            Set<TopicPartition> paused = consumer.assignment();
            consumer.pause(paused);
            inBatch = true;
            try {
                var futures = batches.submit(alerts);
                while (running && !futures.stream().allMatch(f -> f.isDone())) {
                    // Keeps the consumer in its group during long retries; nothing is fetched.
                    ConsumerRecords<byte[], byte[]> stray = consumer.poll(WAIT_POLL);
                    rewind(stray);
                }
                if (!running) {
                    return false;
                }
            } finally {
                inBatch = false;
                consumer.resume(consumer.assignment());
            }
        }
        dedup.prune(now, config.dedupRetention());
        persistQuietly();
        commit(records);
        return true;
    }

    /** What was delivered is remembered even when a batch was cut short by close(). */
    private void persistQuietly() {
        try {
            dedup.persist();
        } catch (RuntimeException e) {
            LOG.error("{} (a restart may repeat recent notifications)", e.toString());
        }
    }

    private List<Alert> decode(ConsumerRecords<byte[], byte[]> records, long now) {
        List<Alert> out = new ArrayList<>(records.count());
        long maxAgeMs = config.maxAge().toMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            metrics.records.increment();
            Alert a;
            try {
                a = codec.decode(r.value());
            } catch (DecodeException e) {
                metrics.undecodable.increment();
                // First at WARN so it is seen, then DEBUG so a flood cannot fill the log.
                boolean first = metrics.undecodable.sum() == 1;
                String msg = "undecodable alert record {}-{}@{} skipped: {}";
                if (first) {
                    LOG.warn(msg, r.topic(), r.partition(), r.offset(), e.getMessage());
                } else {
                    LOG.debug(msg, r.topic(), r.partition(), r.offset(), e.getMessage());
                }
                continue;
            }
            if (maxAgeMs > 0 && now - a.updatedAtMs() > maxAgeMs) {
                metrics.stale.increment();
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /** Records a poll returned while paused (a rebalance race) are read again after the batch. */
    private void rewind(ConsumerRecords<byte[], byte[]> stray) {
        for (TopicPartition tp : stray.partitions()) {
            consumer.seek(tp, stray.records(tp).get(0).offset());
            consumer.pause(List.of(tp));
        }
    }

    private void commit(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> owned = consumer.assignment();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            if (owned.contains(tp) && !revokedInBatch.contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
            }
        }
        revokedInBatch.clear();
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // The records will be read again by whoever owns the partition; dedup absorbs it here.
            metrics.commitFailures.increment();
            LOG.warn("offset commit failed: {}", e.toString());
        }
    }

    /** Pauses partitions assigned in the middle of a batch; remembers those taken away. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (inBatch) {
                revokedInBatch.addAll(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (inBatch) {
                consumer.pause(partitions);
            }
        }
    }

    /**
     * Stops consuming. Deliveries in flight are interrupted and their batch is not committed: it is
     * delivered again on the next start (the dedup state keeps that from paging twice).
     */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        batches.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
