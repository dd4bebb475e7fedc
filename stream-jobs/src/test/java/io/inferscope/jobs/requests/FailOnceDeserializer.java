package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.Ingested;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Wraps the job's deserializer and, once {@link #ARMED}, throws on the next record: a task failure
 * in the middle of the stream. Static state works because the MiniCluster runs in the test's JVM.
 */
final class FailOnceDeserializer<T> implements KafkaRecordDeserializationSchema<Ingested<T>> {
    private static final long serialVersionUID = 1L;

    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicInteger FAILURES = new AtomicInteger();

    private final KafkaRecordDeserializationSchema<Ingested<T>> inner;

    FailOnceDeserializer(KafkaRecordDeserializationSchema<Ingested<T>> inner) {
        this.inner = inner;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        inner.open(context);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested<T>> out)
            throws IOException {
        if (ARMED.compareAndSet(true, false)) {
            FAILURES.incrementAndGet();
            throw new IOException("injected failure at " + record.topic() + "@" + record.offset());
        }
        inner.deserialize(record, out);
    }

    @Override
    public TypeInformation<Ingested<T>> getProducedType() {
        return inner.getProducedType();
    }
}
