package io.inferscope.jobs.common;

import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.RecordCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a contract record to its topic with its codec, keyed by {@code key} (so Kafka's default
 * partitioner keeps a group on one partition) and stamped with the record's own event time (the
 * Flink element timestamp may be a window's internal timer time, or absent).
 */
public final class CodecRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, Long> timestampMs;
    private transient RecordCodec<T> codec;

    public CodecRecordSerializer(
            String topic,
            Class<T> type,
            SerializableFunction<T, String> key,
            SerializableFunction<T, Long> timestampMs) {
        this.topic = topic;
        this.type = type;
        this.key = key;
        this.timestampMs = timestampMs;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = Codecs.of(type);
        }
        String k = key.apply(element);
        return new ProducerRecord<>(
                topic,
                null,
                timestampMs.apply(element),
                k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                codec.encode(element));
    }
}
