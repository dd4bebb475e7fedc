package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker writes records, its acknowledgements never reach the publisher, and then it restarts:
 * the case behind duplicates seen after a broker outage. Clients reach the broker through a relay
 * that can swallow the broker's replies. A restarted broker remembers only the last batch of each
 * producer and partition (its producer-state snapshot keeps one), so a retried batch written before
 * that one is not recognised as a duplicate: the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER, and
 * the Java producer then bumps its epoch and writes the batch again. The publisher keeps at most
 * one produce request in flight, so at most one unacknowledged batch per partition exists and it is
 * the one the broker remembers.
 */
class PublisherUnacknowledgedWritesITCase {
    /** Fixed before the broker starts: the relay forwards to it, the broker binds it. */
    private static final int BROKER_PORT = ReplySwallowingRelay.freePort();

    private static final ReplySwallowingRelay RELAY = ReplySwallowingRelay.to(BROKER_PORT);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            KafkaBrokerExtension.inProcess(
                    b ->
                            b.port(BROKER_PORT)
                                    .brokerProperty(
                                            "advertised.listeners",
                                            "PLAINTEXT://127.0.0.1:" + RELAY.port()));

    private static final long T0 = 1_767_225_600_000L;
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir Path spoolDir;

    @AfterEach
    void brokerRunsAndRepliesAgain() {
        RELAY.swallowReplies(false);
        if (!KAFKA.broker().isRunning()) {
            KAFKA.broker().start();
        }
    }

    @AfterAll
    static void closeRelay() throws Exception {
        RELAY.close();
    }

    private static boolean publish(Publisher p, TopicSpec<RequestEvent> topic, int i) {
        return p.publish(
                topic,
                "key-" + (i % 3),
                RequestEvent.start(
                        "req-" + i, T0 + i, Labels.EMPTY, RequestEvent.Endpoint.COMPLETIONS, true));
    }

    @Test
    void writesTheBrokerNeverAcknowledgedBeforeRestartingArriveOnce() throws Exception {
        // One partition: every batch goes to the same producer state on the broker.
        KAFKA.createTopic("it.unacked", 1);
        TopicSpec<RequestEvent> topic =
                new TopicSpec<>("it.unacked", RequestEvent.class, "request_id", 1, Map.of());
        int warmUp = 20;
        int unacknowledged = 10;
        int after = 20;
        try (Publisher p =
                Publisher.start(
                        PublisherConfig.builder(KAFKA.bootstrapServers())
                                .clientId("it-unacked")
                                .spoolDir(spoolDir)
                                .build())) {
            for (int i = 0; i < warmUp; i++) {
                assertThat(publish(p, topic, i)).isTrue();
            }
            assertThat(p.flush(DELIVERY)).isTrue();

            RELAY.swallowReplies(true);
            // Spaced beyond linger.ms: each record is a batch of its own, in a request of its own
            // as far as the producer sends them.
            for (int i = warmUp; i < warmUp + unacknowledged; i++) {
                assertThat(publish(p, topic, i)).isTrue();
                Thread.sleep(30);
            }
            Thread.sleep(1_000); // the broker appends what reached it, answering into the void
            KAFKA.broker().stop();
            RELAY.swallowReplies(false);
            KAFKA.broker().restart();
            for (int i = warmUp + unacknowledged; i < warmUp + unacknowledged + after; i++) {
                assertThat(publish(p, topic, i)).isTrue();
            }
            assertThat(p.flush(DELIVERY)).as("everything delivered after restart").isTrue();
            assertThat(p.metrics().droppedTotal()).isZero();
            assertThat(p.metrics().resent()).isZero();
        }
        List<Integer> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KAFKA.readAll(topic.name(), DELIVERY)) {
            ids.add(idOf(topic, r.value()));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < warmUp + unacknowledged + after; i++) {
            expected.add(i);
        }
        assertThat(ids).as("each record once, in order").isEqualTo(expected);
    }

    private static int idOf(TopicSpec<RequestEvent> topic, byte[] value) {
        try {
            return Integer.parseInt(topic.codec().decode(value).requestId().substring(4));
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }
}
