package io.inferscope.logsearch;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code inferscope.raw.logs} (read_committed, manual commits) into a {@link LogIndex} on
 * its own thread. Offsets are committed to Kafka only after the index commit that holds their
 * lines, so a crash replays lines rather than losing them; the replay is harmless because a line's
 * index id is its topic-partition-offset (at-least-once delivery, exactly one copy in the index).
 * Records that do not decode are counted and skipped, never fatal. A failing index write (a full
 * disk) does not commit: the consumer goes back to the committed offsets and retries with backoff.
 */
public final class LogIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogIndexer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Counters since start. */
    public record Stats(
            long consumed,
            long indexed,
            long undecodable,
            long expired,
            long future,
            long commits) {}

    private final LogIndex index;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final long commitIntervalMs;
    private final RecordCodec<LogLine> codec = Topics.RAW_LOGS.codec();
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong future = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean rewindOnAssign;
    private long lastCommitMs = System.currentTimeMillis();

    private LogIndexer(
            LogIndex index,
            Properties consumerProps,
            String topic,
            Duration commitInterval,
            boolean rewind) {
        this.index = index;
        this.topic = topic;
        this.commitIntervalMs = commitInterval.toMillis();
        this.rewindOnAssign = rewind;
        Properties p = new Properties();
        p.putAll(consumerProps);
        p.putIfAbsent("isolation.level", "read_committed");
        p.putIfAbsent("auto.offset.reset", "earliest");
        p.putIfAbsent("max.poll.records", "2000");
        // Offsets are committed by hand, after the index commit: never automatically.
        p.put("enable.auto.commit", "false");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.thread = new Thread(this::run, "inferscope-log-indexer");
        this.thread.setDaemon(true);
    }

    /**
     * @param consumerProps Kafka consumer properties; must hold {@code bootstrap.servers} and
     *     {@code group.id}
     * @param rewind read every partition from its beginning on the first assignment (a new, empty
     *     store whose group may still hold offsets from an earlier store)
     */
    public static LogIndexer start(
            LogIndex index,
            Properties consumerProps,
            String topic,
            Duration commitInterval,
            boolean rewind) {
        LogIndexer indexer = new LogIndexer(index, consumerProps, topic, commitInterval, rewind);
        indexer.thread.start();
        return indexer;
    }

    public Stats stats() {
        return new Stats(
                consumed.get(),
                indexed.get(),
                undecodable.get(),
                expired.get(),
                future.get(),
                commits.get());
    }

    private void run() {
        boolean healthy = true;
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            int failures = 0;
            while (stopping.getCount() > 0) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                    indexBatch(records);
                    if (System.currentTimeMillis() - lastCommitMs >= commitIntervalMs) {
                        commit();
                    }
                    failures = 0;
                } catch (IOException | KafkaException e) {
                    failures++;
                    LOG.warn("log indexer: {}; retrying from the committed offsets", e.toString());
                    backOff(failures);
                    rewindToCommitted();
                }
            }
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("log indexer stopped: {}", e.toString(), e);
        } finally {
            try {
                if (healthy) {
                    commit();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "log indexer: final commit failed ({}); lines will be replayed",
                        e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void indexBatch(ConsumerRecords<byte[], byte[]> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        List<LogRecord> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            consumed.incrementAndGet();
            LogPosition pos = new LogPosition(r.topic(), r.partition(), r.offset());
            try {
                batch.add(new LogRecord(pos, codec.decode(r.value())));
            } catch (DecodeException e) {
                if (undecodable.incrementAndGet() == 1) {
                    LOG.warn(
                            "log indexer: skipping undecodable record at {}: {}",
                            pos.docId(),
                            e.getMessage());
                }
            }
        }
        LogIndex.IndexResult result = index.index(batch);
        indexed.addAndGet(result.indexed());
        expired.addAndGet(result.expired());
        future.addAndGet(result.future());
        // The position after the last record of each partition, committed once the index is.
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
            pending.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
        }
    }

    private void commit() throws IOException {
        lastCommitMs = System.currentTimeMillis();
        if (pending.isEmpty()) {
            return;
        }
        index.commit();
        consumer.commitSync(Map.copyOf(pending));
        pending.clear();
        commits.incrementAndGet();
    }

    private void rewindToCommitted() {
        pending.clear();
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            for (TopicPartition tp : assigned) {
                OffsetAndMetadata c = committed.get(tp);
                if (c == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, c.offset());
                }
            }
        } catch (KafkaException e) {
            LOG.warn("log indexer: cannot rewind yet ({})", e.toString());
        }
    }

    private void backOff(int failures) {
        long ms = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(failures, 6));
        try {
            stopping.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    /** Stops consuming, commits what was indexed, and closes the consumer (waits up to 15 s). */
    @Override
    public void close() {
        // No consumer.wakeup(): a wakeup that lands between polls would make the final commitSync
        // throw; polls return every 200 ms, so the loop sees the stop request soon enough.
        stopping.countDown();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("log indexer did not stop within 15 s");
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commit(); // hand the partitions over with everything indexed so far committed
            } catch (IOException | KafkaException e) {
                LOG.warn("log indexer: commit on revocation failed: {}", e.toString());
                pending.clear();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (rewindOnAssign && !partitions.isEmpty()) {
                rewindOnAssign = false;
                consumer.seekToBeginning(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
        }
    }
}
