package io.inferscope.jobs.requests;

import static io.inferscope.jobs.requests.Fixtures.POD_A;
import static io.inferscope.jobs.requests.Fixtures.POD_B;
import static io.inferscope.jobs.requests.Fixtures.ok;
import static io.inferscope.jobs.requests.Fixtures.start;
import static io.inferscope.jobs.requests.Fixtures.tokens;

import io.inferscope.jobs.common.EventTime;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the request-metrics integration tests share: cluster, config, topics, produce, read. */
final class ItSupport {
    private ItSupport() {}

    /** One task manager with two slots and little memory: parallelism 2 on a small machine. */
    static MiniClusterExtension miniCluster() {
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

    /** A 10 s window start at least 15 min ago (a multiple of 5 min): never "in the future". */
    static long recentT0() {
        long fifteenMinutesAgo = System.currentTimeMillis() - 15 * 60_000;
        return fifteenMinutesAgo - Math.floorMod(fifteenMinutesAgo, 300_000L);
    }

    /**
     * Test settings: no out-of-orderness or lateness wait, 1 s checkpoints, 30 s lost TTL, and no
     * idleness. Idleness is decided on processing time: on a loaded machine a source subtask whose
     * split is assigned late would count as idle while the others move the watermark on, and its
     * records would be late. So the tests give every partition records instead.
     */
    static JobConfig config(KafkaBrokerExtension kafka, String id) {
        return JobConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .groupId("it-" + id)
                .transactionalIdPrefix("it-" + id)
                .outOfOrderness(Duration.ZERO)
                .idleness(Duration.ZERO)
                .allowedLateness(Duration.ZERO)
                .lostTtl(Duration.ofSeconds(30))
                .slo(1_000, 5_000)
                .checkpointInterval(Duration.ofSeconds(1))
                .build();
    }

    /** The per-test topics of one job run (two partitions for the raw topics). */
    record TestTopics(
            TopicSpec<RequestEvent> requests,
            TopicSpec<TokenProgress> tokens,
            TopicSpec<RequestMetrics> metrics,
            TopicSpec<DeadLetter> deadLetters) {

        static TestTopics create(KafkaBrokerExtension kafka, String id) {
            TestTopics t =
                    new TestTopics(
                            new TopicSpec<>(
                                    "it." + id + ".requests",
                                    RequestEvent.class,
                                    "request_id",
                                    2,
                                    Map.of()),
                            new TopicSpec<>(
                                    "it." + id + ".tokens",
                                    TokenProgress.class,
                                    "request_id",
                                    2,
                                    Map.of()),
                            new TopicSpec<>(
                                    "it." + id + ".metrics",
                                    RequestMetrics.class,
                                    "group",
                                    2,
                                    Map.of()),
                            new TopicSpec<>(
                                    "it." + id + ".deadletter",
                                    DeadLetter.class,
                                    "topic",
                                    1,
                                    Map.of()));
            for (TopicSpec<?> spec : List.of(t.requests, t.tokens, t.metrics, t.deadLetters)) {
                kafka.createTopic(spec.name(), spec.partitions());
            }
            return t;
        }
    }

    static <T> KafkaSource<Ingested<T>> source(
            JobConfig config,
            TopicSpec<T> topic,
            EventTime<T> eventTime,
            boolean bounded,
            UnaryOperator<KafkaSourceBuilder<Ingested<T>>> customize) {
        KafkaSourceBuilder<Ingested<T>> b =
                KafkaIo.sourceBuilder(config, topic, eventTime, RequestMetricsJob.NAME);
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return customize.apply(b).build();
    }

    static RequestMetricsJob job(JobConfig config, TestTopics topics, boolean bounded) {
        return new RequestMetricsJob(
                source(config, topics.requests(), RequestEvent::tsMs, bounded, b -> b),
                source(config, topics.tokens(), TokenProgress::tsMs, bounded, b -> b),
                RequestMetricsJob.metricsSink(config, topics.metrics()),
                RequestMetricsJob.deadLetterSink(config, topics.deadLetters()),
                config);
    }

    /** An environment at parallelism 2 with the given restart attempts (0: fail on any error). */
    static StreamExecutionEnvironment environment(int restartAttempts) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // every type has a Flink serializer
        if (restartAttempts == 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
            conf.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofMillis(200));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    static <T> ProducerRecord<byte[], byte[]> record(
            TopicSpec<T> topic, int partition, String key, T value) {
        return new ProducerRecord<>(
                topic.name(),
                partition,
                key.getBytes(),
                Codecs.of(topic.recordType()).encode(value));
    }

    static void produce(KafkaBrokerExtension kafka, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
    }

    static <T> List<T> decodeAll(
            TopicSpec<T> topic,
            List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(
                        r -> {
                            try {
                                return Codecs.of(topic.recordType()).decode(r.value());
                            } catch (DecodeException e) {
                                throw new UncheckedIOException(new java.io.IOException(e));
                            }
                        })
                .toList();
    }

    /** Waits (bounded) until {@code condition} holds. */
    static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * Per 10 s window k: two streamed requests on replica A (request and token partition 0), one on
     * B (partition 1), so every partition moves the watermark.
     */
    static List<ProducerRecord<byte[], byte[]>> traffic(
            TestTopics topics, long t0, int fromWindow, int toWindow) {
        List<ProducerRecord<byte[], byte[]>> in = new ArrayList<>();
        for (int k = fromWindow; k < toWindow; k++) {
            long w = t0 + k * 10_000L;
            for (int i = 0; i < 3; i++) {
                int p = i < 2 ? 0 : 1;
                Labels pod = p == 0 ? POD_A : POD_B;
                String id = "w" + k + "-" + i;
                long s = w + 1_000 + i * 2_000L;
                in.add(record(topics.requests(), p, id, start(id, s, pod)));
                in.add(
                        record(
                                topics.tokens(),
                                p,
                                id,
                                tokens(id, s + 500, pod, 0, 5, 5, List.of(9.0, 11.0))));
                in.add(
                        record(
                                topics.requests(),
                                p,
                                id,
                                ok(id, s + 1_000, pod, 1_000, 100.0, 5, 5)));
            }
        }
        return in;
    }

    /** Records far ahead on every partition, so the watermark passes all windows before them. */
    static List<ProducerRecord<byte[], byte[]>> clock(TestTopics topics, long at) {
        Labels clock = new Labels(null, null, "clock", "clock", null, null);
        List<ProducerRecord<byte[], byte[]>> in = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            in.add(record(topics.requests(), p, "clock-" + p, start("clock-" + p, at, clock)));
            in.add(
                    record(
                            topics.tokens(),
                            p,
                            "clock-t" + p,
                            tokens("clock-t" + p, at, clock, 0, 1, null, List.of())));
        }
        return in;
    }
}
