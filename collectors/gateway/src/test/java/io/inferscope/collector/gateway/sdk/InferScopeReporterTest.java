package io.inferscope.collector.gateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.collector.gateway.Gateway;
import io.inferscope.collector.gateway.GatewayConfig;
import io.inferscope.collector.gateway.Upstream;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestEvent.Endpoint;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.TopicSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InferScopeReporterTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels LABELS = new Labels("c", "ns", "dep", "m", "pod-0", "node-1");

    private final List<Object> published = new CopyOnWriteArrayList<>();
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        RecordSink sink =
                new RecordSink() {
                    @Override
                    public <T> boolean publish(TopicSpec<T> topic, String key, T record) {
                        published.add(record);
                        return true;
                    }
                };
        gateway =
                Gateway.start(
                        GatewayConfig.defaults(List.of(Upstream.parse("http://127.0.0.1:9")))
                                .withListen("127.0.0.1", 0)
                                .withEventLoops(1),
                        sink);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void recordsReachTheIngestEndpointInBatches() {
        try (InferScopeReporter reporter =
                InferScopeReporter.builder(URI.create("http://127.0.0.1:" + gateway.port() + "/"))
                        .batchSize(2)
                        .flushInterval(Duration.ofMillis(50))
                        .build()) {
            for (int i = 0; i < 3; i++) {
                reporter.report(
                        RequestEvent.start("r" + i, T0 + i, LABELS, Endpoint.COMPLETIONS, true));
            }
            reporter.report(
                    new TokenProgress("r0", T0 + 5, LABELS, 0, 4, 10, List.of(12.5), false));
            assertThat(reporter.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(reporter.sent()).isEqualTo(4);
            assertThat(reporter.failed()).isZero();
        }
        assertThat(published).hasSize(4);
        assertThat(published).filteredOn(r -> r instanceof TokenProgress).hasSize(1);
    }

    @Test
    void aFullQueueDropsAndCounts() {
        try (InferScopeReporter reporter =
                InferScopeReporter.builder(URI.create("http://127.0.0.1:" + gateway.port()))
                        .queueCapacity(2)
                        .batchSize(100)
                        .flushInterval(Duration.ofSeconds(60))
                        .build()) {
            int accepted = 0;
            for (int i = 0; i < 5; i++) {
                if (reporter.report(
                        RequestEvent.start("q" + i, T0, LABELS, Endpoint.OTHER, false))) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(2);
            assertThat(reporter.dropped()).isEqualTo(3);
            assertThat(reporter.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(reporter.sent()).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableGatewayCountsFailuresWithoutBlocking() {
        try (InferScopeReporter reporter =
                InferScopeReporter.builder(URI.create("http://127.0.0.1:9"))
                        .requestTimeout(Duration.ofSeconds(2))
                        .build()) {
            reporter.report(RequestEvent.start("x", T0, LABELS, Endpoint.OTHER, false));
            reporter.flush(Duration.ofSeconds(5));
            assertThat(reporter.failed()).isEqualTo(1);
            assertThat(reporter.sent()).isZero();
        }
    }
}
