package io.inferscope.jobs.common;

import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RecordCodec;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns raw Kafka bytes into an {@link Ingested} record and never throws: bytes the strict codec
 * refuses (the {@link DecodeException} message and path become the reason) and records whose event
 * time lies more than {@code futureToleranceMs} ahead of the wall clock (a clock-skewed producer
 * would otherwise drag the watermark forward and make everyone else late) become dead letters.
 * Counts them in the metric {@code deadLettered} of the source.
 */
public final class DecodingDeserializer<T>
        implements KafkaRecordDeserializationSchema<Ingested<T>> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String source;
    private final EventTime<T> eventTime;
    private final long futureToleranceMs;
    private final WallClock clock;
    private transient RecordCodec<T> codec;
    private transient Counter deadLettered;

    public DecodingDeserializer(
            Class<T> type,
            String source,
            EventTime<T> eventTime,
            long futureToleranceMs,
            WallClock clock) {
        this.type = type;
        this.source = source;
        this.eventTime = eventTime;
        this.futureToleranceMs = futureToleranceMs;
        this.clock = clock;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = Codecs.of(type);
        deadLettered = context.getMetricGroup().counter("deadLettered");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> in, Collector<Ingested<T>> out) {
        out.collect(decode(in.topic(), in.partition(), in.offset(), in.value()));
    }

    /** The decision for one record's bytes; public so it can be tested without Kafka. */
    public Ingested<T> decode(String topic, int partition, long offset, byte[] value) {
        if (codec == null) {
            codec = Codecs.of(type);
        }
        try {
            T record = codec.decode(value);
            long ts = eventTime.of(record);
            long now = clock.nowMs();
            if (ts > now + futureToleranceMs) {
                return refused(
                        topic,
                        partition,
                        offset,
                        value,
                        "future: event time "
                                + ts
                                + " is "
                                + (ts - now)
                                + " ms ahead of the wall clock (tolerance "
                                + futureToleranceMs
                                + " ms)",
                        eventTime.fieldPath());
            }
            return Ingested.ok(topic, partition, offset, record);
        } catch (DecodeException e) {
            return refused(topic, partition, offset, value, e.getMessage(), e.path());
        } catch (RuntimeException e) {
            // Defence in depth: the codec promises only DecodeException, but a job must not die.
            return refused(topic, partition, offset, value, "invalid record: " + e, "$");
        }
    }

    private Ingested<T> refused(
            String topic, int partition, long offset, byte[] value, String reason, String path) {
        if (deadLettered != null) {
            deadLettered.inc();
        }
        DeadLetter dl =
                DeadLetters.of(
                        clock.nowMs(), source, topic, partition, offset, reason, path, value);
        return Ingested.refused(topic, partition, offset, dl);
    }

    @Override
    public TypeInformation<Ingested<T>> getProducedType() {
        return Ingested.typeInfo(type);
    }
}
