package io.inferscope.collector.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Settings of a {@link Publisher}. Build with {@link #defaults(String)} or {@link
 * #builder(String)}.
 *
 * @param bootstrapServers Kafka bootstrap servers (default {@code localhost:9092})
 * @param kafkaOverrides any Kafka producer properties (e.g. from {@code --kafka-config FILE}); they
 *     win over the defaults below, serializers excepted. A bounded {@code delivery.timeout.ms} (or
 *     {@code retries}) here lets the producer give up on records it holds, which are then sent
 *     again: delivery becomes at least once
 * @param clientId the producer's {@code client.id} (default {@code inferscope-collector})
 * @param queueCapacity bound of the in-memory queue, in records (default 32768)
 * @param spoolDir directory of the on-disk spool; one publisher per directory (default {@code
 *     $TMPDIR/inferscope-spool/<clientId>})
 * @param spoolMaxBytes cap on all spool segments together (default 256 MiB)
 * @param segmentBytes size at which a spool segment is rolled (default 16 MiB)
 * @param maxRecordBytes largest encoded record accepted (default 1,000,000, under the producer's
 *     {@code max.request.size})
 * @param inFlightMaxBytes records handed to the producer and not yet acknowledged, in bytes; kept
 *     under {@code buffer.memory} so a send never blocks on a full buffer. These are the records
 *     that wait in the producer's memory (retried by it) while Kafka is away (default 8 MiB)
 * @param stallTimeout no acknowledgement for this long while records are in flight: Kafka is
 *     considered unreachable and new records go to the spool; those in flight stay with the
 *     producer (default 2 s)
 * @param retryBackoff first wait before replaying after a failed replay; doubles up to 5 s (default
 *     500 ms)
 * @param closeTimeout how long {@link Publisher#close()} waits for delivery before spooling what is
 *     left (default 5 s)
 * @param spoolSyncInterval how often spool writes are fsynced (default 1 s)
 */
public record PublisherConfig(
        String bootstrapServers,
        Properties kafkaOverrides,
        String clientId,
        int queueCapacity,
        Path spoolDir,
        long spoolMaxBytes,
        long segmentBytes,
        int maxRecordBytes,
        long inFlightMaxBytes,
        Duration stallTimeout,
        Duration retryBackoff,
        Duration closeTimeout,
        Duration spoolSyncInterval) {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final String DEFAULT_CLIENT_ID = "inferscope-collector";
    public static final int DEFAULT_QUEUE_CAPACITY = 32_768;
    public static final long DEFAULT_SPOOL_MAX_BYTES = 256L << 20;
    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_000_000;
    public static final long DEFAULT_IN_FLIGHT_MAX_BYTES = 8L << 20;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SPOOL_SYNC_INTERVAL = Duration.ofSeconds(1);

    public PublisherConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Properties copy = new Properties();
        if (kafkaOverrides != null) {
            copy.putAll(kafkaOverrides);
        }
        kafkaOverrides = copy;
        positive("queueCapacity", queueCapacity);
        positive("maxRecordBytes", maxRecordBytes);
        positive("inFlightMaxBytes", inFlightMaxBytes);
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024");
        }
        if (spoolMaxBytes < 0) {
            throw new IllegalArgumentException("spoolMaxBytes must not be negative");
        }
        for (Duration d :
                new Duration[] {stallTimeout, retryBackoff, closeTimeout, spoolSyncInterval}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must be set and not negative");
            }
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Every default, with these bootstrap servers. */
    public static PublisherConfig defaults(String bootstrapServers) {
        return builder(bootstrapServers).build();
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns a copy, so callers cannot change this config through it. */
    @Override
    public Properties kafkaOverrides() {
        Properties copy = new Properties();
        copy.putAll(kafkaOverrides);
        return copy;
    }

    /**
     * The producer's properties: idempotent ({@code acks=all}), lz4-compressed, batched ({@code
     * linger.ms=5}, {@code batch.size=65536}), {@code max.block.ms=1000} so a dead broker cannot
     * stall the I/O thread for long, unbounded {@code delivery.timeout.ms} and {@code retries} so
     * it never gives up on a record it holds; then the overrides.
     */
    public Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        // One produce request at a time. A broker that restarts remembers only the last batch of
        // each
        // producer and partition (its producer-state snapshot keeps one); with more requests in
        // flight, a batch it wrote before that one but never acknowledged is retried, answered
        // OUT_OF_ORDER_SEQUENCE_NUMBER, and the producer bumps its epoch and writes it again.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        // A record the producer holds is retried by it, idempotently, until it is written: however
        // long Kafka is away. Were it to give up, the record could have been written already and
        // sending it again could duplicate it. Records not yet handed over go to the spool
        // meanwhile,
        // so holding on costs at most inFlightMaxBytes of memory.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
        p.put(
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                Long.toString(4 * Math.max(inFlightMaxBytes, DEFAULT_IN_FLIGHT_MAX_BYTES)));
        p.putAll(kafkaOverrides);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Builder with every default set. */
    public static final class Builder {
        private String bootstrapServers;
        private Properties kafkaOverrides = new Properties();
        private String clientId = DEFAULT_CLIENT_ID;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Path spoolDir;
        private long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
        private long segmentBytes = DEFAULT_SEGMENT_BYTES;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private long inFlightMaxBytes = DEFAULT_IN_FLIGHT_MAX_BYTES;
        private Duration stallTimeout = DEFAULT_STALL_TIMEOUT;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Duration spoolSyncInterval = DEFAULT_SPOOL_SYNC_INTERVAL;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers == null ? DEFAULT_BOOTSTRAP : bootstrapServers;
        }

        private Builder(PublisherConfig c) {
            bootstrapServers = c.bootstrapServers;
            kafkaOverrides = c.kafkaOverrides();
            clientId = c.clientId;
            queueCapacity = c.queueCapacity;
            spoolDir = c.spoolDir;
            spoolMaxBytes = c.spoolMaxBytes;
            segmentBytes = c.segmentBytes;
            maxRecordBytes = c.maxRecordBytes;
            inFlightMaxBytes = c.inFlightMaxBytes;
            stallTimeout = c.stallTimeout;
            retryBackoff = c.retryBackoff;
            closeTimeout = c.closeTimeout;
            spoolSyncInterval = c.spoolSyncInterval;
        }

        public Builder bootstrapServers(String v) {
            bootstrapServers = v;
            return this;
        }

        public Builder kafkaOverrides(Properties v) {
            kafkaOverrides = v;
            return this;
        }

        public Builder kafkaConfig(KafkaClientConfig v) {
            kafkaOverrides = v.toProperties();
            return this;
        }

        public Builder clientId(String v) {
            clientId = v;
            return this;
        }

        public Builder queueCapacity(int v) {
            queueCapacity = v;
            return this;
        }

        public Builder spoolDir(Path v) {
            spoolDir = v;
            return this;
        }

        public Builder spoolMaxBytes(long v) {
            spoolMaxBytes = v;
            return this;
        }

        public Builder segmentBytes(long v) {
            segmentBytes = v;
            return this;
        }

        public Builder maxRecordBytes(int v) {
            maxRecordBytes = v;
            return this;
        }

        public Builder inFlightMaxBytes(long v) {
            inFlightMaxBytes = v;
            return this;
        }

        public Builder stallTimeout(Duration v) {
            stallTimeout = v;
            return this;
        }

        public Builder retryBackoff(Duration v) {
            retryBackoff = v;
            return this;
        }

        public Builder closeTimeout(Duration v) {
            closeTimeout = v;
            return this;
        }

        public Builder spoolSyncInterval(Duration v) {
            spoolSyncInterval = v;
            return this;
        }

        public PublisherConfig build() {
            Path dir =
                    spoolDir != null
                            ? spoolDir
                            : Path.of(
                                    System.getProperty("java.io.tmpdir"),
                                    "inferscope-spool",
                                    clientId);
            return new PublisherConfig(
                    bootstrapServers,
                    kafkaOverrides,
                    clientId,
                    queueCapacity,
                    dir,
                    spoolMaxBytes,
                    segmentBytes,
                    maxRecordBytes,
                    inFlightMaxBytes,
                    stallTimeout,
                    retryBackoff,
                    closeTimeout,
                    spoolSyncInterval);
        }
    }
}
