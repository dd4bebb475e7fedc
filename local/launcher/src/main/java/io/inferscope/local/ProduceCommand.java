package io.inferscope.local;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.Examples;
import io.inferscope.schemas.Examples.Example;
import io.inferscope.schemas.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inferscope produce TOPIC --examples}: publishes the golden examples of a catalog topic
 * ({@link Examples#of}), each keyed as the catalog says (request id, GPU UUID, object UID...), with
 * an idempotent acks=all producer. Every example is decoded first, so only valid records are sent.
 * Options: {@code --examples} (required for now: the only source) and {@link KafkaOptions}.
 */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = "Publish records to a topic (the topic's golden examples).")
public final class ProduceCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "TOPIC", description = "A catalog topic name.")
    String topic;

    @Option(names = "--examples", description = "Publish the topic's golden examples.")
    boolean examples;

    @Mixin KafkaOptions kafka;

    @Override
    protected int run() throws Exception {
        TopicSpec<?> spec = Catalog.require(topic);
        if (!examples) {
            throw new CliException(CliException.USAGE, "nothing to produce: pass --examples");
        }
        List<Example> list = Examples.of(spec);
        if (list.isEmpty()) {
            throw new CliException(CliException.FAILURE, "topic " + topic + " has no examples");
        }
        kafka.requireReachable();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.producerProperties("inferscope-produce"))) {
            for (Example e : list) {
                byte[] json = e.json();
                String key = RecordKeys.of(decode(spec, e, json));
                kafka.sendOrFail(producer, new ProducerRecord<>(spec.name(), bytes(key), json));
            }
        }
        out().printf("Produced %d examples to %s%n", list.size(), spec.name());
        return 0;
    }

    private static Object decode(TopicSpec<?> spec, Example e, byte[] json) {
        try {
            return spec.codec().decode(json);
        } catch (DecodeException ex) {
            throw new CliException(
                    CliException.FAILURE,
                    "example " + e.resource() + " is invalid: " + ex.getMessage());
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
