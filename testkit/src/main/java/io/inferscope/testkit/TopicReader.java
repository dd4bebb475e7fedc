package io.inferscope.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from the beginning of every partition without a consumer group (assign, not
 * subscribe), so reading never moves any group's offsets. Records keep their order within a
 * partition; across partitions the order is the order they arrived in polls.
 */
final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(100);

    private TopicReader() {}

    // A fetch on partitions without new data waits fetch.max.wait.ms (500 ms by default) before it
    // answers; these reads are short-lived, so wait less: about 5x faster per read.
    private static KafkaConsumer<byte[], byte[]> consumer(Properties consumerProps) {
        Properties p = new Properties();
        p.putAll(consumerProps);
        p.putIfAbsent("fetch.max.wait.ms", "50");
        return new KafkaConsumer<>(p);
    }

    /** Everything committed in the topic now: reads up to the end offsets taken at the start. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(
            Properties consumerProps, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(consumerProps)) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, topic, timeout);
            // With read_committed these are the last stable offsets: open transactions are not
            // waited for.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "read "
                                    + out.size()
                                    + " records of "
                                    + topic
                                    + " but did not reach its end offsets "
                                    + end
                                    + " within "
                                    + timeout);
                }
                consumer.poll(POLL).forEach(out::add);
            }
            return out;
        }
    }

    /** The first {@code n} records, or fewer when {@code timeout} passes first. */
    static List<ConsumerRecord<byte[], byte[]>> consume(
            Properties consumerProps, String topic, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(consumerProps)) {
            assignFromBeginning(consumer, topic, timeout);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (out.size() < n) {
                        out.add(r);
                    }
                }
            }
            return out;
        }
    }

    private static List<TopicPartition> assignFromBeginning(
            KafkaConsumer<byte[], byte[]> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions =
                infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
