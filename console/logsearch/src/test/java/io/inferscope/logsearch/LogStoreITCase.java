package io.inferscope.logsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real broker → LogStore (indexer + index) → queries; restarts must not duplicate lines. */
class LogStoreITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] PODS = {"chat-0", "chat-1", "chat-2"};

    @TempDir Path dir;

    private static LogLine line(long ts, int i) {
        String pod = PODS[i % PODS.length];
        boolean error = i % 5 == 0;
        return new LogLine(
                ts,
                new Labels(null, "inference", "chat", "llama", pod, null),
                "vllm",
                LogLine.Stream.STDOUT,
                error ? LogLine.Level.ERROR : LogLine.Level.INFO,
                error ? "upstream timeout for line " + i : "served line " + i,
                "req-" + i,
                Map.of(),
                null);
    }

    private static void produce(String topic, long ts0, int from, int to, boolean withGarbage)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(KAFKA.producerProps())) {
            for (int i = from; i < to; i++) {
                LogLine l = line(ts0 + i, i);
                String key = "inference/" + l.labels().replica() + "/vllm";
                p.send(
                        new ProducerRecord<>(
                                topic,
                                key.getBytes(StandardCharsets.UTF_8),
                                Topics.RAW_LOGS.codec().encode(l)));
            }
            if (withGarbage) {
                p.send(new ProducerRecord<>(topic, "{not json".getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    private LogStoreConfig config(String topic, String group) {
        return LogStoreConfig.builder(KAFKA.bootstrapServers(), dir)
                .topic(topic)
                .groupId(group)
                .commitInterval(Duration.ofMillis(300))
                .refreshInterval(Duration.ofMillis(100))
                .build();
    }

    private static long total(LogStore store, LogQuery q) {
        return store.search(q).totalHits();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void producedLinesBecomeSearchableAndGarbageIsSkipped() throws Exception {
        String topic = "it.logs.search";
        KAFKA.createTopic(topic, 3);
        long ts0 = System.currentTimeMillis() - 60_000;
        produce(topic, ts0, 0, 30, true);
        try (LogStore store = LogStore.start(config(topic, "it-search"))) {
            LogQuery all = LogQuery.builder().build();
            await("30 lines indexed", () -> total(store, all) == 30);
            LogPage errors = store.search(LogQuery.builder().text("timeout").since(ts0).build());
            assertThat(errors.hits())
                    .extracting(LogHit::message)
                    .containsExactly(
                            "upstream timeout for line 25",
                            "upstream timeout for line 20",
                            "upstream timeout for line 15",
                            "upstream timeout for line 10",
                            "upstream timeout for line 5",
                            "upstream timeout for line 0");
            assertThat(store.search(LogQuery.builder().requestId("req-7").build()).hits())
                    .singleElement()
                    .satisfies(h -> assertThat(h.labels().replica()).isEqualTo("chat-1"));
            await("garbage counted", () -> store.indexerStats().undecodable() == 1);
            String json = new String(store.http().handle("pod=chat-2&level=error").body());
            assertThat(json).contains("\"total_hits\":2"); // lines 5 and 20
        }
    }

    @Test
    void restartsAndReplaysDoNotDuplicateLines() throws Exception {
        String topic = "it.logs.restart";
        KAFKA.createTopic(topic, 3);
        long ts0 = System.currentTimeMillis() - 60_000;
        LogQuery all = LogQuery.builder().build();
        produce(topic, ts0, 0, 20, false);
        try (LogStore store = LogStore.start(config(topic, "it-restart"))) {
            await("first 20 lines", () -> total(store, all) == 20);
        }
        produce(topic, ts0, 20, 30, false);
        try (LogStore store = LogStore.start(config(topic, "it-restart"))) {
            await("10 more lines", () -> total(store, all) == 30);
            // the restarted indexer resumed from the committed offsets: it read only the new lines
            assertThat(store.indexerStats().consumed()).isEqualTo(10);
        }
        // A new group on the same directory reads the whole topic again (as after a crash before
        // any offset commit): every line is replaced by itself, none is added.
        try (LogStore store = LogStore.start(config(topic, "it-replay"))) {
            await("full replay consumed", () -> store.indexerStats().consumed() == 30);
            store.index().refresh();
            assertThat(total(store, all)).isEqualTo(30);
            assertThat(total(store, LogQuery.builder().text("served").build())).isEqualTo(24);
        }
    }
}
