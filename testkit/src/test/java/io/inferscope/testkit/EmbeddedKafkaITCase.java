package io.inferscope.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.inProcess();

    @Test
    void everyCatalogTopicExistsWithItsPartitionsAndConfig() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            List<String> names = Topics.ALL.stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> topics =
                    admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS);
            for (TopicSpec<?> spec : Topics.ALL) {
                assertThat(topics.get(spec.name()).partitions())
                        .as(spec.name())
                        .hasSize(spec.partitions());
                ConfigResource resource =
                        new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                Config config =
                        admin.describeConfigs(List.of(resource))
                                .all()
                                .get(20, TimeUnit.SECONDS)
                                .get(resource);
                spec.config()
                        .forEach(
                                (key, value) ->
                                        assertThat(config.get(key).value())
                                                .as(spec.name() + " " + key)
                                                .isEqualTo(value));
            }
        }
    }

    @Test
    void everyRecordTypeRoundTripsThroughItsCodec() throws Exception {
        assertThat(SampleRecords.BY_TOPIC.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().map(TopicSpec::name).toList());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
            for (TopicSpec<?> spec : Topics.ALL) {
                byte[] encoded = encodeSample(spec);
                producer.send(new ProducerRecord<>(spec.name(), bytes("k-" + spec.name()), encoded))
                        .get(20, TimeUnit.SECONDS);
            }
        }
        for (TopicSpec<?> spec : Topics.ALL) {
            List<ConsumerRecord<byte[], byte[]>> read = KAFKA.consume(spec.name(), 1, TIMEOUT);
            assertThat(read).as(spec.name()).hasSize(1);
            Object decoded = spec.codec().decode(read.get(0).value());
            assertThat(decoded)
                    .as(spec.name())
                    .isInstanceOf(spec.recordType())
                    .isEqualTo(spec.codec().decode(SampleRecords.BY_TOPIC.get(spec.name())));
            assertThat(read.get(0).value()).isEqualTo(encodeSample(spec));
        }
    }

    @Test
    void extensionResolvesTheRunningBrokerAsParameters(
            EmbeddedKafka broker, @BootstrapServers String bootstrap) {
        assertThat(broker.isRunning()).isTrue();
        assertThat(bootstrap).isEqualTo("localhost:" + broker.port());
        assertThat(KAFKA.consumerProps("g"))
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("group.id", "g");
    }

    @Test
    void startsOnFreePortsAndRemovesItsTempDirOnClose() throws Exception {
        Path dataDir;
        long t0 = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
            kafka.start();
            long started = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(producerProps(kafka.bootstrapServers()))) {
                producer.send(new ProducerRecord<>(Topics.RAW_REQUESTS.name(), bytes("first")))
                        .get(20, TimeUnit.SECONDS);
            }
            long produced = System.nanoTime();
            System.out.printf(
                    "EmbeddedKafka: start() returned after %d ms, first produce after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(started - t0),
                    TimeUnit.NANOSECONDS.toMillis(produced - t0));
            assertThat(kafka.port()).isPositive().isNotEqualTo(kafka.controllerPort());
            dataDir = kafka.dataDir();
            assertThat(dataDir.resolve("kafka-logs/meta.properties")).isRegularFile();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void stopAndRestartKeepCommittedDataOnTheSamePorts() throws Exception {
        String topic = "restart.test";
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().topics(List.of()).topic(topic, 2).build().start()) {
            int port = kafka.port();
            int controllerPort = kafka.controllerPort();
            Properties tx = producerProps(kafka.bootstrapServers());
            tx.put("transactional.id", "restart-test");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(tx)) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 50; i++) {
                    producer.send(
                            new ProducerRecord<>(topic, bytes("k" + i), bytes("committed-" + i)));
                }
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("aborted")));
                producer.abortTransaction();
            }

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            assertPortIsFree(port); // the stopped broker released its listener

            kafka.restart();
            assertThat(kafka.port()).isEqualTo(port);
            assertThat(kafka.controllerPort()).isEqualTo(controllerPort);
            List<String> values =
                    TopicReader.readAll(consumerProps(kafka.bootstrapServers()), topic, TIMEOUT)
                            .stream()
                            .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                            .toList();
            assertThat(values).hasSize(50).allMatch(v -> v.startsWith("committed-"));
        }
    }

    @Test
    void givenDataDirIsKeptAfterCloseAndReusedByTheNextBroker(@TempDir Path dir) throws Exception {
        String clusterId;
        try (EmbeddedKafka first = EmbeddedKafka.builder().dataDir(dir).build().start()) {
            clusterId = clusterId(first);
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(producerProps(first.bootstrapServers()))) {
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(), bytes("kept")))
                        .get(20, TimeUnit.SECONDS);
            }
        }
        assertThat(dir.resolve("kafka-logs/meta.properties")).isRegularFile();
        try (EmbeddedKafka second = EmbeddedKafka.builder().dataDir(dir).build().start()) {
            assertThat(clusterId(second)).isEqualTo(clusterId);
            List<ConsumerRecord<byte[], byte[]>> read =
                    TopicReader.readAll(
                            consumerProps(second.bootstrapServers()),
                            Topics.ALERTS.name(),
                            TIMEOUT);
            assertThat(read)
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("kept");
        }
        assertThat(Files.isDirectory(dir.resolve("kafka-logs"))).isTrue();
    }

    @Test
    void takenPortIsAClearErrorBeforeTheBrokerStartsAndTheJvmSurvives() throws Exception {
        int port;
        EmbeddedKafka kafka;
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            port = taken.getLocalPort();
            kafka = EmbeddedKafka.builder().port(port).build();
            assertThatThrownBy(kafka::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + port + " is already in use");
            assertThat(kafka.isRunning()).isFalse();
            assertThat(kafka.dataDir()).as("nothing created before the check").isNull();

            EmbeddedKafka controllerClash = EmbeddedKafka.builder().controllerPort(port).build();
            assertThatThrownBy(controllerClash::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + port + " is already in use");
            controllerClash.close();
        }
        // Still here: the JVM was not halted; once the port is free the same broker starts.
        try (kafka) {
            kafka.start();
            assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
        }
    }

    private static byte[] encodeSample(TopicSpec<?> spec) throws Exception {
        return encode(spec.codec(), SampleRecords.BY_TOPIC.get(spec.name()));
    }

    private static <T> byte[] encode(RecordCodec<T> codec, String json) throws Exception {
        return codec.encode(codec.decode(json));
    }

    private static String clusterId(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
        }
    }

    private static void assertPortIsFree(int port) throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", port));
        }
    }

    private static Properties producerProps(String bootstrap) {
        Properties p = KAFKA.producerProps();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties p = KAFKA.consumerProps(null);
        p.put("bootstrap.servers", bootstrap);
        return p;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
