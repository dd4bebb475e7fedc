package io.inferscope.jobs.alerts;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the rules topic as text and never throws: whether the text is a usable rule is for {@link
 * RuleIntake} to decide, and to report.
 */
public final class RuleChangeDeserializer implements KafkaRecordDeserializationSchema<RuleChange> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> in, Collector<RuleChange> out) {
        String key = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
        String text = in.value() == null ? null : new String(in.value(), StandardCharsets.UTF_8);
        String source =
                "topic " + in.topic() + " partition " + in.partition() + " offset " + in.offset();
        out.collect(RuleChange.of(key, text, source, in.timestamp()));
    }

    @Override
    public TypeInformation<RuleChange> getProducedType() {
        return TypeInformation.of(RuleChange.class);
    }
}
