package io.inferscope.jobs.common;

import io.inferscope.schemas.TopicSpec;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The production Kafka sources and sinks of the stream jobs.
 *
 * <ul>
 *   <li>Sources start from the group's committed offsets (earliest when there are none), read only
 *       committed transactions ({@code isolation.level=read_committed}), and decode with {@link
 *       DecodingDeserializer}. Offsets live in Flink checkpoints; committing them to Kafka on
 *       checkpoint is only for monitoring lag.
 *   <li>Sinks are exactly-once: records are written in Kafka transactions committed when a
 *       checkpoint completes, so readers must use {@code read_committed}. {@code
 *       transaction.timeout.ms} defaults to 10 min, under the broker's 15 min maximum (the
 *       connector's default of 1 h makes the broker refuse every transaction).
 * </ul>
 *
 * Every client gets the {@code --kafka-config} properties (security, SASL, TLS).
 */
public final class KafkaIo {
    public static final String TRANSACTION_TIMEOUT_MS = "600000";

    private KafkaIo() {}

    /** A source builder, for callers that need more (e.g. tests bound it to known offsets). */
    @SuppressWarnings("deprecation") // the connector's API still takes Kafka's old reset enum
    public static <T> KafkaSourceBuilder<Ingested<T>> sourceBuilder(
            JobConfig config, TopicSpec<T> topic, EventTime<T> eventTime, String source) {
        return KafkaSource.<Ingested<T>>builder()
                // 128 KiB per partition and fetch instead of 1 MiB (--kafka-config may override):
                // a reader works through one partition's share of a fetch before the next one's,
                // and while a cold or busy reader spent seconds on 1 MiB of compressed records,
                // Flink counted the other partitions as idle (FLINK-40234), the watermark moved on
                // without them, and their records were dead-lettered as late (pipeline bench
                // warm-ups: up to 14 % of a burst into a freshly started job).
                .setProperty("max.partition.fetch.bytes", String.valueOf(128 * 1024))
                .setProperties(config.kafkaClientProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topic.name())
                .setGroupId(config.groupId())
                .setClientIdPrefix(config.groupId() + "-" + topic.name())
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(
                        new DecodingDeserializer<>(
                                topic.recordType(),
                                source,
                                eventTime,
                                config.futureTolerance().toMillis(),
                                WallClock.SYSTEM));
    }

    public static <T> KafkaSource<Ingested<T>> source(
            JobConfig config, TopicSpec<T> topic, EventTime<T> eventTime, String source) {
        return sourceBuilder(config, topic, eventTime, source).build();
    }

    /**
     * An exactly-once sink of one topic. {@code transactionalIdSuffix} tells the sinks of one job
     * apart; the prefix comes from {@code --transactional-id-prefix} and must stay the same across
     * restarts of the job so lingering transactions of a failed attempt get aborted.
     */
    public static <T> KafkaSink<T> sink(
            JobConfig config,
            TopicSpec<T> topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, Long> timestampMs,
            String transactionalIdSuffix) {
        Properties producer = config.kafkaClientProperties();
        producer.putIfAbsent("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(
                        new CodecRecordSerializer<>(
                                topic.name(), topic.recordType(), key, timestampMs))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(
                        config.transactionalIdPrefix() + "-" + transactionalIdSuffix)
                .build();
    }
}
