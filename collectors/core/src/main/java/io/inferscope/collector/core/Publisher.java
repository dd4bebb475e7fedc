package io.inferscope.collector.core;

import io.inferscope.schemas.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The non-blocking publisher every collector uses. {@link #publish} encodes on the caller's thread
 * and offers to a bounded queue; it never blocks. One I/O thread moves records to an idempotent,
 * lz4-compressed, batched Kafka producer, or, while Kafka is unreachable, to a bounded on-disk
 * spool that is replayed in order once Kafka is back (see {@link Dispatcher}). Records beyond the
 * bounds (queue full, spool full, too large) are dropped, counted by reason and logged at most
 * every 10 s.
 *
 * <p>Guarantees (details and limits in {@code collectors/README.md}): order per key is kept
 * (records of a key stay in one partition, and direct sends, spooled records and replays do not
 * overtake each other); while the publisher runs, every accepted record is delivered exactly once,
 * however long Kafka is unreachable (records the producer holds are retried by it, never sent again
 * by us; the rest wait in the spool). A fatal producer error, a crash, or a close with records in
 * flight can deliver a record twice (at least once; counted as {@code resent} where the publisher
 * sees it).
 *
 * <p>Options: every field of {@link PublisherConfig}.
 */
public final class Publisher implements RecordSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final PublisherConfig config;
    private final ArrayBlockingQueue<Envelope> queue;
    private final Counters counters = new Counters();
    private final AtomicLong outstanding = new AtomicLong();
    private final Wakeup wakeup = new Wakeup();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Spool spool;
    private final Dispatcher dispatcher;
    private final Thread thread;

    private Publisher(PublisherConfig config) throws IOException {
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.spool =
                Spool.open(
                        config.spoolDir(),
                        config.spoolMaxBytes(),
                        config.segmentBytes(),
                        config.spoolSyncInterval(),
                        () -> counters.drop(DropReason.SPOOL_CORRUPT));
        try {
            outstanding.addAndGet(spool.recoveredRecords());
            this.dispatcher =
                    new Dispatcher(
                            config,
                            queue,
                            counters,
                            outstanding,
                            wakeup,
                            spool,
                            () -> new KafkaProducer<>(config.producerProperties()));
        } catch (RuntimeException e) {
            spool.close();
            throw e;
        }
        this.thread = new Thread(dispatcher, "inferscope-publisher-" + config.clientId());
        thread.setDaemon(true);
    }

    /**
     * Opens the spool (replaying what an earlier run left in it), builds the producer and starts
     * the I/O thread.
     *
     * @throws UncheckedIOException when the spool directory cannot be used
     * @throws IllegalStateException when another publisher holds the spool directory
     */
    public static Publisher start(PublisherConfig config) {
        Publisher p;
        try {
            p = new Publisher(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open spool directory " + config.spoolDir(), e);
        }
        p.thread.start();
        return p;
    }

    @Override
    public <T> boolean publish(TopicSpec<T> topic, String key, T record) {
        counters.published.increment();
        if (closed.get()) {
            counters.drop(DropReason.CLOSED);
            return false;
        }
        if (record == null) {
            counters.drop(DropReason.ENCODE_ERROR);
            return false;
        }
        byte[] value;
        try {
            value = topic.codec().encode(record);
        } catch (RuntimeException e) {
            counters.drop(DropReason.ENCODE_ERROR);
            return false;
        }
        return offer(topic.name(), key, value);
    }

    /**
     * Publishes a value already encoded with the topic's codec (e.g. a validated ingest record).
     */
    public boolean publishEncoded(TopicSpec<?> topic, String key, byte[] value) {
        counters.published.increment();
        if (closed.get()) {
            counters.drop(DropReason.CLOSED);
            return false;
        }
        return offer(topic.name(), key, value);
    }

    private boolean offer(String topic, String key, byte[] value) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        if (value.length + (keyBytes == null ? 0 : keyBytes.length) > config.maxRecordBytes()) {
            counters.drop(DropReason.TOO_LARGE);
            return false;
        }
        // Counted before the offer so that flush() can never see zero while a record is queued.
        outstanding.incrementAndGet();
        if (!queue.offer(new Envelope(topic, keyBytes, value))) {
            outstanding.decrementAndGet();
            counters.drop(DropReason.QUEUE_FULL);
            return false;
        }
        wakeup.signal();
        return true;
    }

    /** A snapshot of the self-metrics. */
    public PublisherMetrics metrics() {
        return new PublisherMetrics(
                counters.published.sum(),
                counters.sent.sum(),
                counters.spooled.sum(),
                counters.replayed.sum(),
                counters.resent.sum(),
                counters.dropped(),
                counters.errors.sum(),
                queue.size(),
                config.queueCapacity(),
                dispatcher.inFlightRecords(),
                spool.bytes(),
                spool.segmentCount(),
                dispatcher.spooling());
    }

    /** Writes the self-metrics; pass to {@link SelfMetricsServer#addCollector}. */
    public void writeMetrics(PrometheusWriter writer) {
        metrics().writeTo(writer);
    }

    /** {@code connected} when records go straight to Kafka, {@code spooling} otherwise. */
    public String kafkaState() {
        return dispatcher.spooling() ? "spooling" : "connected";
    }

    public PublisherConfig config() {
        return config;
    }

    /**
     * Waits until every accepted record (including those found in the spool at start) was
     * acknowledged by Kafka or dropped.
     *
     * @return true when everything was delivered in time
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wakeup.signal();
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Stops accepting records, waits up to {@code closeTimeout} for delivery, then closes the
     * producer and writes whatever is left to the spool for the next start.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        flush(config.closeTimeout());
        dispatcher.stop();
        try {
            thread.join(config.closeTimeout().toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("Publisher I/O thread did not stop in time");
        }
    }
}
