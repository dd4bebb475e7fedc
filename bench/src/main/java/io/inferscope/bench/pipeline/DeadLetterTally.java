package io.inferscope.bench.pipeline;

import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the committed records of a dead-letter topic by the first word of their reason ({@code
 * late:}, {@code duplicate}, ...): a run whose job refused good records must say so.
 */
final class DeadLetterTally {
    private DeadLetterTally() {}

    /** What {@code after} counts beyond {@code before}, reasons that did not grow left out. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach(
                (reason, n) -> {
                    long added = n - before.getOrDefault(reason, 0L);
                    if (added > 0) {
                        out.put(reason, added);
                    }
                });
        return out;
    }

    static Map<String, Long> count(String bootstrap, TopicSpec<DeadLetter> topic) {
        Properties p = ReadCommitted.consumerProperties(bootstrap);
        Map<String, Long> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps =
                    consumer.partitionsFor(topic.name()).stream()
                            .map(i -> new TopicPartition(topic.name(), i.partition()))
                            .toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline
                    && tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String reason;
                    try {
                        reason = topic.codec().decode(r.value()).reason();
                    } catch (DecodeException e) {
                        reason = "undecodable";
                    }
                    String word = reason == null ? "none" : reason.split("[: ]", 2)[0];
                    out.merge(word, 1L, Long::sum);
                }
            }
        }
        return out;
    }
}
