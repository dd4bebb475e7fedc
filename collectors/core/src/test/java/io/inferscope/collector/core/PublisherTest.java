package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher's bounds, against a Kafka address where nothing listens (no broker needed). */
class PublisherTest {
    private static final long T0 = 1_767_225_600_000L;

    @TempDir Path spoolDir;

    private static String deadBootstrap() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private PublisherConfig.Builder config(int queueCapacity) throws IOException {
        return config(queueCapacity, 500);
    }

    /** {@code blockMs}: how long the I/O thread waits for metadata on a send. */
    private PublisherConfig.Builder config(int queueCapacity, int blockMs) throws IOException {
        Properties overrides = new Properties();
        overrides.setProperty("max.block.ms", Integer.toString(blockMs));
        return PublisherConfig.builder(deadBootstrap())
                .kafkaOverrides(overrides)
                .queueCapacity(queueCapacity)
                .spoolDir(spoolDir)
                .closeTimeout(Duration.ZERO);
    }

    private static RequestEvent start(int i) {
        return RequestEvent.start(
                "req-" + i, T0 + i, Labels.EMPTY, RequestEvent.Endpoint.CHAT_COMPLETIONS, true);
    }

    @Test
    void queueFullDropsAreCountedExactlyAndAcceptedRecordsEndInTheSpoolOnClose()
            throws IOException {
        int attempts = 2_000;
        int refused = 0;
        // The first send waits 3 s for metadata that never comes: the queue backs up meanwhile.
        Publisher publisher = Publisher.start(config(16, 3000).build());
        try {
            for (int i = 0; i < attempts; i++) {
                if (!publisher.publish(Topics.RAW_REQUESTS, "req-" + i, start(i))) {
                    refused++;
                }
            }
            PublisherMetrics m = publisher.metrics();
            assertThat(refused).isPositive();
            assertThat(m.published()).isEqualTo(attempts);
            assertThat(m.dropped(DropReason.QUEUE_FULL)).isEqualTo(refused);
            assertThat(m.droppedTotal()).isEqualTo(refused);
        } finally {
            publisher.close();
        }
        PublisherMetrics closed = publisher.metrics();
        int accepted = attempts - refused;
        assertThat(closed.sent()).isZero();
        assertThat(closed.spooled()).isEqualTo(accepted);
        assertThat(closed.spooling()).isTrue();
        assertThat(publisher.kafkaState()).isEqualTo("spooling");

        try (Spool reopened =
                Spool.open(spoolDir, 1 << 30, 1 << 20, Duration.ofSeconds(1), () -> {})) {
            assertThat(reopened.recoveredRecords()).isEqualTo(accepted);
        }
    }

    @Test
    void nextPublisherOnTheSameSpoolStartsBySpoolingWhatWasLeft() throws IOException {
        Publisher first = Publisher.start(config(1024).build());
        for (int i = 0; i < 10; i++) {
            first.publish(Topics.RAW_REQUESTS, "req-" + i, start(i));
        }
        first.close();

        Publisher second = Publisher.start(config(1024).build());
        try {
            assertThat(second.kafkaState()).isEqualTo("spooling");
            assertThat(second.flush(Duration.ofMillis(100))).isFalse();
            assertThatThrownBy(() -> Publisher.start(config(8).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
        } finally {
            second.close();
        }
    }

    @Test
    void oversizedUnencodableAndLateRecordsAreDroppedWithTheirReason() throws IOException {
        Publisher publisher = Publisher.start(config(64).maxRecordBytes(200).build());
        TopicSpec<Exploding> odd = new TopicSpec<>("odd", Exploding.class, "none", 1, Map.of());
        try {
            assertThat(publisher.publishEncoded(Topics.RAW_REQUESTS, "k", new byte[201])).isFalse();
            assertThat(publisher.publish(odd, "k", new Exploding())).isFalse();
            assertThat(publisher.publishEncoded(Topics.RAW_REQUESTS, "k", new byte[150])).isTrue();
        } finally {
            publisher.close();
        }
        assertThat(publisher.publish(Topics.RAW_REQUESTS, "k", start(1))).isFalse();

        PublisherMetrics m = publisher.metrics();
        assertThat(m.dropped(DropReason.TOO_LARGE)).isEqualTo(1);
        assertThat(m.dropped(DropReason.ENCODE_ERROR)).isEqualTo(1);
        assertThat(m.dropped(DropReason.CLOSED)).isEqualTo(1);
        assertThat(m.published()).isEqualTo(4);
    }

    /** A record type whose serialization fails. */
    public static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("cannot encode");
        }
    }
}
