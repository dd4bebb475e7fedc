package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for 35 s — longer than the stall timeout, the request timeout and the
 * producer's reconnect backoff, so records are in every state when it stops (queued, in the
 * producer's buffer, in a produce request the broker may have appended without answering, spooled)
 * — while records for two topics flow at a steady rate. Once it is back every record must arrive
 * exactly once and in order per key. Takes ~50 s.
 */
class PublisherLongOutageITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.inProcess();

    private static final long T0 = 1_767_225_600_000L;
    private static final int KEYS = 40;
    private static final Duration OUTAGE = Duration.ofSeconds(35);
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

    @TempDir Path spoolDir;

    private static TopicSpec<RequestEvent> topic(String name) {
        KAFKA.createTopic(name, 3);
        return new TopicSpec<>(name, RequestEvent.class, "request_id", 3, Map.of());
    }

    @Test
    void outageLongerThanEveryClientTimeoutDeliversEachRecordOnceInKeyOrder() throws Exception {
        List<TopicSpec<RequestEvent>> topics =
                List.of(topic("it.long-outage.a"), topic("it.long-outage.b"));
        Publisher p =
                Publisher.start(
                        PublisherConfig.builder(KAFKA.bootstrapServers())
                                .clientId("it-long-outage")
                                .spoolDir(spoolDir)
                                .build());
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        Thread source =
                new Thread(
                        () -> {
                            long next = System.nanoTime();
                            for (int i = 0; publishing.get(); i++) {
                                RequestEvent e =
                                        RequestEvent.start(
                                                "req-" + i,
                                                T0 + i,
                                                Labels.EMPTY,
                                                RequestEvent.Endpoint.COMPLETIONS,
                                                true);
                                assertThat(p.publish(topics.get(i % 2), "key-" + (i % KEYS), e))
                                        .isTrue();
                                published.set(i + 1);
                                next += PERIOD_NANOS;
                                LockSupport.parkNanos(next - System.nanoTime());
                            }
                        },
                        "steady-source");
        try {
            source.start();
            await(() -> p.metrics().sent() > 500, Duration.ofSeconds(20), "first deliveries");
            KAFKA.broker().stop();
            Thread.sleep(OUTAGE.toMillis());
            assertThat(p.kafkaState()).isEqualTo("spooling");
            KAFKA.broker().restart();
            await(() -> p.metrics().replayed() > 0, Duration.ofSeconds(60), "replay");
            Thread.sleep(2_000);
        } finally {
            publishing.set(false);
            source.join(5_000);
        }
        try {
            assertThat(p.flush(DELIVERY)).as("everything delivered after restart").isTrue();
            PublisherMetrics m = p.metrics();
            assertThat(m.droppedTotal()).isZero();
            assertThat(m.published()).isEqualTo(published.get());
            assertThat(m.sent()).isEqualTo(published.get());
            assertThat(m.spooled()).isPositive();
            assertThat(m.resent()).as("nothing sent twice by the publisher").isZero();
            assertThat(p.kafkaState()).isEqualTo("connected");
        } finally {
            p.close();
        }
        Map<Integer, Integer> copies = new TreeMap<>();
        List<String> disorder = new ArrayList<>();
        for (TopicSpec<RequestEvent> topic : topics) {
            readInto(topic, copies, disorder);
        }
        Map<Integer, Integer> wrong = new TreeMap<>();
        for (int id = 0; id < published.get(); id++) {
            int n = copies.getOrDefault(id, 0);
            if (n != 1) {
                wrong.put(id, n);
            }
        }
        assertThat(wrong).as("ids not delivered exactly once (id=copies)").isEmpty();
        assertThat(copies).hasSize(published.get());
        assertThat(disorder).as("records out of key order").isEmpty();
    }

    /** Counts each id's copies in {@code copies}; notes where a key's ids do not increase. */
    private static void readInto(
            TopicSpec<RequestEvent> topic, Map<Integer, Integer> copies, List<String> disorder) {
        List<ConsumerRecord<byte[], byte[]>> records =
                new ArrayList<>(KAFKA.readAll(topic.name(), DELIVERY));
        records.sort(
                Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                        .thenComparingLong(ConsumerRecord::offset));
        Map<String, Integer> lastPerKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int id = idOf(topic, r.value());
            String key = new String(r.key(), StandardCharsets.UTF_8);
            Integer previous = lastPerKey.put(key, id);
            if (previous != null && previous >= id) {
                disorder.add(topic.name() + "/" + key + ": " + id + " after " + previous);
            }
            copies.merge(id, 1, Integer::sum);
        }
    }

    private static int idOf(TopicSpec<RequestEvent> topic, byte[] value) {
        try {
            return Integer.parseInt(topic.codec().decode(value).requestId().substring(4));
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("waiting for " + what).isTrue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
