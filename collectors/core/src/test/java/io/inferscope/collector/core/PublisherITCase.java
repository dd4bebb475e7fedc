package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real broker that is stopped and restarted under it. */
class PublisherITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.inProcess();

    private static final long T0 = 1_767_225_600_000L;
    private static final int KEYS = 40;
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir Path spoolDir;

    @AfterEach
    void brokerRunsAgain() {
        if (!KAFKA.broker().isRunning()) {
            KAFKA.broker().start();
        }
    }

    private static TopicSpec<RequestEvent> topic(String name) {
        KAFKA.createTopic(name, 3);
        return new TopicSpec<>(name, RequestEvent.class, "request_id", 3, Map.of());
    }

    private PublisherConfig.Builder config() {
        return PublisherConfig.builder(KAFKA.bootstrapServers())
                .clientId("it-" + System.nanoTime())
                .spoolDir(spoolDir);
    }

    private static boolean publish(Publisher p, TopicSpec<RequestEvent> topic, int i) {
        RequestEvent e =
                RequestEvent.start(
                        "req-" + i, T0 + i, Labels.EMPTY, RequestEvent.Endpoint.COMPLETIONS, true);
        return p.publish(topic, "key-" + (i % KEYS), e);
    }

    /** Every id of {@code ids} exactly once, and each key's ids in increasing order. */
    private static void assertExactlyOnceInKeyOrder(
            TopicSpec<RequestEvent> topic, Set<Integer> ids) {
        List<ConsumerRecord<byte[], byte[]>> records =
                new ArrayList<>(KAFKA.readAll(topic.name(), DELIVERY));
        records.sort(
                Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                        .thenComparingLong(ConsumerRecord::offset));
        List<Integer> seen = new ArrayList<>();
        Map<String, Integer> lastPerKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int id = idOf(topic, r.value());
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(key).isEqualTo("key-" + (id % KEYS));
            Integer previous = lastPerKey.put(key, id);
            assertThat(previous == null || previous < id)
                    .as("order of %s: %s after %s", key, id, previous)
                    .isTrue();
            seen.add(id);
        }
        assertThat(new HashSet<>(seen)).as("no duplicates").hasSize(seen.size());
        assertThat(new HashSet<>(seen)).isEqualTo(ids);
    }

    private static int idOf(TopicSpec<RequestEvent> topic, byte[] value) {
        try {
            return Integer.parseInt(topic.codec().decode(value).requestId().substring(4));
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> s = new HashSet<>();
        for (int i = from; i < to; i++) {
            s.add(i);
        }
        return s;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("waiting for " + what).isTrue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.filter(p -> p.toString().endsWith(".spool")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void deliversEveryRecordExactlyOnceInOrderPerKey() {
        TopicSpec<RequestEvent> topic = topic("it.publisher.exact");
        int n = 5_000;
        try (Publisher p = Publisher.start(config().build())) {
            for (int i = 0; i < n; i++) {
                assertThat(publish(p, topic, i)).isTrue();
            }
            assertThat(p.flush(DELIVERY)).isTrue();
            PublisherMetrics m = p.metrics();
            assertThat(m.sent()).isEqualTo(n);
            assertThat(m.droppedTotal()).isZero();
            assertThat(m.spooled()).isZero();
            assertThat(p.kafkaState()).isEqualTo("connected");
        }
        assertExactlyOnceInKeyOrder(topic, range(0, n));
    }

    @Test
    void brokerOutageNeverBlocksPublishAndLosesOrDuplicatesNothing() throws Exception {
        TopicSpec<RequestEvent> topic = topic("it.publisher.outage");
        Publisher p = Publisher.start(config().build());
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CallTimes calls = new CallTimes();
        Thread producer =
                new Thread(
                        () -> {
                            int i = 0;
                            while (publishing.get()) {
                                int id = i;
                                if (!calls.time(() -> publish(p, topic, id))) {
                                    refused.incrementAndGet();
                                }
                                published.set(++i);
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                            }
                        },
                        "test-publisher");
        try {
            producer.start();
            await(() -> p.metrics().sent() > 200, Duration.ofSeconds(20), "first deliveries");

            KAFKA.broker().stop();
            await(() -> p.metrics().spooling(), Duration.ofSeconds(10), "spooling");
            await(() -> p.metrics().spooled() > 1_000, Duration.ofSeconds(10), "records spooled");
            assertThat(p.kafkaState()).isEqualTo("spooling");
            Thread.sleep(6_000);
            long spooledWhileDown = p.metrics().spooled();

            KAFKA.broker().restart();
            await(() -> p.metrics().replayed() > 0, Duration.ofSeconds(30), "replay");
            Thread.sleep(500);
            publishing.set(false);
            producer.join(5_000);

            assertThat(p.flush(DELIVERY)).as("everything delivered after restart").isTrue();
            PublisherMetrics m = p.metrics();
            assertThat(refused.get()).isZero();
            assertThat(m.droppedTotal()).isZero();
            assertThat(m.published()).isEqualTo(published.get());
            assertThat(m.sent()).isEqualTo(published.get());
            assertThat(m.spooled()).isGreaterThanOrEqualTo(spooledWhileDown);
            assertThat(m.replayed()).isEqualTo(m.spooled());
            assertThat(m.resent()).as("nothing sent twice by the publisher").isZero();
            assertThat(p.kafkaState()).isEqualTo("connected");
            assertThat(segments()).isEmpty();
            calls.assertNeverBlocked(Duration.ofMillis(50));
        } finally {
            publishing.set(false);
            producer.join(5_000);
            p.close();
        }
        assertExactlyOnceInKeyOrder(topic, range(0, published.get()));
    }

    @Test
    void nextPublisherDeliversWhatAClosedOneLeftInTheSpool() {
        TopicSpec<RequestEvent> topic = topic("it.publisher.resume");
        PublisherConfig config =
                config().stallTimeout(Duration.ofMillis(500))
                        .closeTimeout(Duration.ofSeconds(1))
                        .build();
        Publisher first = Publisher.start(config);
        for (int i = 0; i < 100; i++) {
            publish(first, topic, i);
        }
        assertThat(first.flush(DELIVERY)).isTrue();

        KAFKA.broker().stop();
        for (int i = 100; i < 600; i++) {
            assertThat(publish(first, topic, i)).isTrue();
        }
        await(() -> first.metrics().spooling(), Duration.ofSeconds(10), "spooling");
        first.close();
        assertThat(first.metrics().sent()).isEqualTo(100);
        assertThat(first.metrics().spooled()).isEqualTo(500);
        assertThat(segments()).isNotEmpty();

        KAFKA.broker().start();
        try (Publisher second = Publisher.start(config)) {
            assertThat(second.flush(DELIVERY)).isTrue();
            assertThat(second.metrics().replayed()).isEqualTo(500);
            assertThat(second.metrics().sent()).isEqualTo(500);
        }
        assertThat(segments()).isEmpty();
        assertExactlyOnceInKeyOrder(topic, range(0, 600));
    }

    @Test
    void recordsOfASpoolSegmentDamagedWhileRunningAreDroppedAndReleased() throws Exception {
        TopicSpec<RequestEvent> topic = topic("it.publisher.damaged");
        // A small window: replay reads only a few records ahead while Kafka is away.
        PublisherConfig config =
                config().stallTimeout(Duration.ofMillis(300))
                        .segmentBytes(8 * 1024)
                        .inFlightMaxBytes(2 * 1024)
                        .build();
        int warmUp = 20;
        int n = 600;
        long lost;
        try (Publisher p = Publisher.start(config)) {
            for (int i = 0; i < warmUp; i++) {
                assertThat(publish(p, topic, i)).isTrue();
            }
            assertThat(p.flush(DELIVERY)).isTrue();
            KAFKA.broker().stop();
            for (int i = warmUp; i < n; i++) {
                assertThat(publish(p, topic, i)).isTrue();
            }
            await(
                    () -> p.metrics().queueDepth() == 0 && segments().size() >= 5,
                    Duration.ofSeconds(10),
                    "records spooled");
            // A sealed segment well behind the replay cursor: damage its 4th frame.
            List<Path> sealed = segments().stream().sorted().toList();
            Path victim = sealed.get(sealed.size() - 2);
            long[] frameStarts = frameStarts(victim);
            try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {'#'}), frameStarts[3] + 20);
            }
            lost = frameStarts.length - 3;

            KAFKA.broker().start();
            assertThat(p.flush(DELIVERY)).as("lost records do not hold up flush").isTrue();
            PublisherMetrics m = p.metrics();
            assertThat(m.dropped(DropReason.SPOOL_CORRUPT)).isEqualTo(lost);
            assertThat(m.droppedTotal()).isEqualTo(lost);
            assertThat(m.sent()).isEqualTo(n - lost);
            // The in-flight gauge is kept by the I/O thread, which books acknowledgements a moment
            // after the producer's callbacks released flush().
            await(
                    () -> p.metrics().inFlight() == 0,
                    Duration.ofSeconds(5),
                    "in-flight gauge back to zero");
            assertThat(p.kafkaState()).isEqualTo("connected");
        }
        List<ConsumerRecord<byte[], byte[]>> delivered = KAFKA.readAll(topic.name(), DELIVERY);
        Set<Integer> ids = new HashSet<>();
        delivered.forEach(r -> ids.add(idOf(topic, r.value())));
        assertThat(ids).as("no duplicates").hasSize(delivered.size());
        assertThat(delivered).hasSize((int) (n - lost));
    }

    /** Offsets of the frames of a segment file, from their length prefixes. */
    private static long[] frameStarts(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> starts = new ArrayList<>();
        for (int at = SpoolFormat.HEADER_BYTES; at < b.limit(); ) {
            starts.add((long) at);
            at += SpoolFormat.FRAME_OVERHEAD + b.getInt(at);
        }
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void recordsTheProducerGaveUpOnAreSentAgainAndCountedAsResent() throws Exception {
        TopicSpec<RequestEvent> topic = topic("it.publisher.resent");
        // A bounded delivery timeout (not the default): the producer gives up on records it holds
        // while Kafka is away. They may have been written; they are sent again: at least once.
        Properties bounded = new Properties();
        bounded.put("delivery.timeout.ms", "3000");
        bounded.put("request.timeout.ms", "2000");
        Publisher p = Publisher.start(config().kafkaOverrides(bounded).build());
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        Thread source =
                new Thread(
                        () -> {
                            for (int i = 0; publishing.get(); i++) {
                                publish(p, topic, i);
                                published.set(i + 1);
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                            }
                        },
                        "test-publisher");
        try {
            source.start();
            await(() -> p.metrics().sent() > 100, Duration.ofSeconds(20), "first deliveries");
            KAFKA.broker().stop();
            await(() -> p.metrics().resent() > 0, Duration.ofSeconds(20), "producer giving up");
            KAFKA.broker().start();
            Thread.sleep(500);
            publishing.set(false);
            source.join(5_000);
            assertThat(p.flush(DELIVERY)).isTrue();
            PublisherMetrics m = p.metrics();
            assertThat(m.droppedTotal()).isZero();
            assertThat(m.sent()).isEqualTo(published.get());
            List<Integer> ids = new ArrayList<>();
            KAFKA.readAll(topic.name(), DELIVERY).forEach(r -> ids.add(idOf(topic, r.value())));
            assertThat(new HashSet<>(ids))
                    .as("every record at least once")
                    .isEqualTo(range(0, published.get()));
            assertThat((long) ids.size() - published.get())
                    .as("copies beyond the first, at most one per resent record")
                    .isLessThanOrEqualTo(m.resent());
        } finally {
            publishing.set(false);
            source.join(5_000);
            p.close();
        }
    }

    @Test
    void fullSpoolDropsAreCountedExactly() {
        TopicSpec<RequestEvent> topic = topic("it.publisher.bound");
        PublisherConfig config =
                config().stallTimeout(Duration.ofMillis(300))
                        .spoolMaxBytes(32 * 1024)
                        .segmentBytes(8 * 1024)
                        .build();
        int n = 3_000;
        int warmUp = 50;
        int accepted = warmUp;
        long dropped;
        try (Publisher p = Publisher.start(config)) {
            for (int i = 0; i < warmUp; i++) {
                assertThat(publish(p, topic, i)).isTrue();
            }
            assertThat(p.flush(DELIVERY)).isTrue();
            KAFKA.broker().stop();
            for (int i = warmUp; i < n; i++) {
                if (publish(p, topic, i)) {
                    accepted++;
                }
                if (i % 100 == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
            await(() -> p.metrics().queueDepth() == 0, Duration.ofSeconds(10), "queue drained");
            assertThat(p.metrics().spoolBytes()).isLessThanOrEqualTo(32 * 1024);
            KAFKA.broker().start();
            assertThat(p.flush(DELIVERY)).isTrue();

            PublisherMetrics m = p.metrics();
            assertThat(m.dropped(DropReason.SPOOL_FULL)).isPositive();
            assertThat(m.published()).isEqualTo(n);
            assertThat(m.sent() + m.droppedTotal()).isEqualTo(n);
            assertThat(m.droppedTotal()).isEqualTo(n - accepted + m.dropped(DropReason.SPOOL_FULL));
            dropped = m.droppedTotal();
        }
        List<ConsumerRecord<byte[], byte[]>> delivered = KAFKA.readAll(topic.name(), DELIVERY);
        Set<Integer> ids = new HashSet<>();
        delivered.forEach(r -> ids.add(idOf(topic, r.value())));
        assertThat(ids).as("no duplicates").hasSize(delivered.size());
        assertThat(delivered.size() + dropped).as("published = delivered + dropped").isEqualTo(n);
        try (Publisher check = Publisher.start(config)) {
            // Nothing was left behind for a later run.
            assertThat(check.kafkaState()).isEqualTo("connected");
        }
    }
}
