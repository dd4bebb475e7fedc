package io.inferscope.jobs.common;

import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the gpu and cluster job integration tests share: a small MiniCluster, the test config,
 * producing and reading topics. (The request job's tests keep their own {@code ItSupport}.)
 */
public final class JobIt {
    private JobIt() {}

    /** One task manager with two slots and little memory: parallelism 2 on a small machine. */
    public static MiniClusterExtension miniCluster() {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("16m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .setConfiguration(conf)
                        .build());
    }

    /** A 10 s window start at least 15 min ago: never "in the future". */
    public static long recentT0() {
        long fifteenMinutesAgo = System.currentTimeMillis() - 15 * 60_000;
        return fifteenMinutesAgo - Math.floorMod(fifteenMinutesAgo, 300_000L);
    }

    /**
     * No out-of-orderness or lateness wait, 1 s checkpoints, no idleness (decided on processing
     * time, unpredictable on a loaded machine: the tests give every partition records instead).
     */
    public static JobConfig.Builder config(KafkaBrokerExtension kafka, String id) {
        return JobConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .groupId("it-" + id)
                .transactionalIdPrefix("it-" + id)
                .outOfOrderness(Duration.ZERO)
                .idleness(Duration.ZERO)
                .allowedLateness(Duration.ZERO)
                .checkpointInterval(Duration.ofSeconds(1));
    }

    public static <T> TopicSpec<T> topic(
            KafkaBrokerExtension kafka, String name, Class<T> type, int partitions) {
        TopicSpec<T> spec = new TopicSpec<>(name, type, "key", partitions, java.util.Map.of());
        kafka.createTopic(name, partitions);
        return spec;
    }

    public static <T> KafkaSource<Ingested<T>> source(
            JobConfig config,
            TopicSpec<T> topic,
            EventTime<T> eventTime,
            String job,
            boolean bounded) {
        KafkaSourceBuilder<Ingested<T>> b = KafkaIo.sourceBuilder(config, topic, eventTime, job);
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /** Parallelism 2, no restarts (any failure fails the test), no Kryo. */
    public static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    public static <T> ProducerRecord<byte[], byte[]> record(
            TopicSpec<T> topic, int partition, String key, T value) {
        return new ProducerRecord<>(
                topic.name(),
                partition,
                key.getBytes(),
                Codecs.of(topic.recordType()).encode(value));
    }

    public static void produce(
            KafkaBrokerExtension kafka, List<ProducerRecord<byte[], byte[]>> in) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (ProducerRecord<byte[], byte[]> r : in) {
                producer.send(r);
            }
            producer.flush();
        }
    }

    /** Every committed record of {@code topic} now, decoded. */
    public static <T> List<T> readAll(KafkaBrokerExtension kafka, TopicSpec<T> topic) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                kafka.readAll(topic.name(), Duration.ofSeconds(30))) {
            try {
                out.add(Codecs.of(topic.recordType()).decode(r.value()));
            } catch (DecodeException e) {
                throw new AssertionError("undecodable output record", e);
            }
        }
        return out;
    }

    /** Waits (bounded) until {@code condition} holds. */
    public static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }
}
