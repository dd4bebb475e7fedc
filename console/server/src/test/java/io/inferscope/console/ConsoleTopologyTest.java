package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTopologyTest {
    private static final long T0 = 1_773_756_310_000L;
    private static final long T0_PLUS_10S = T0 + 10_000L;
    private static final long T0_PLUS_20S = T0 + 20_000L;
    private static final String GROUP = Fixtures.GROUP;

    @TempDir Path stateDir;
    private TopologyTestDriver driver;
    private SkippedRecords skipped;
    private Views views;
    private ConsoleConfig config;

    @BeforeEach
    void start() {
        config =
                new ConsoleConfig(
                        "unused:9092",
                        null,
                        null,
                        null,
                        0,
                        stateDir,
                        "console-test",
                        Duration.ofHours(6),
                        Duration.ofDays(7),
                        3,
                        Duration.ofHours(1),
                        10,
                        Duration.ofMinutes(5),
                        false,
                        null);
        skipped = new SkippedRecords();
        StreamsBuilder builder = new StreamsBuilder();
        ConsoleTopology.buildTopology(builder, config, skipped);
        Properties props = config.streamsProperties("localhost:0");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        views =
                new Views(
                        new StoreAccess() {
                            @Override
                            public ReadOnlyWindowStore<String, byte[]> window(String name) {
                                return driver.getWindowStore(name);
                            }

                            @Override
                            public ReadOnlyKeyValueStore<String, byte[]> keyValue(String name) {
                                return driver.getKeyValueStore(name);
                            }
                        });
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void windowsLandInFineOrCoarseStoreAndLatestKeepsNewest() {
        var in = input(Topics.METRICS_REQUESTS.name());
        in.pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0, 10, 4.0, 100, 200)));
        in.pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0_PLUS_20S, 10, 6.0, 150)));
        in.pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0_PLUS_10S, 10, 5.0, 120)));
        in.pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0, 60, 5.0, 100)));

        JsonNode series =
                views.series(StoreNames.Metrics.REQUESTS, GROUP, 10, "rps", T0, T0 + 30_000L);
        assertThat(series).extracting(p -> p.get("v").asDouble()).containsExactly(4.0, 5.0, 6.0);
        assertThat(views.series(StoreNames.Metrics.REQUESTS, GROUP, 60, "rps", T0, T0 + 1))
                .hasSize(1);
        // The late T0+10s window did not replace the newer T0+20s one as "latest".
        assertThat(views.latest(StoreNames.Metrics.REQUESTS, 10))
                .singleElement()
                .satisfies(
                        r -> assertThat(r.get("window_start_ms").asLong()).isEqualTo(T0_PLUS_20S));
        assertThat(driver.getKeyValueStore(StoreNames.Metrics.REQUESTS.coarseStore())).isNull();
    }

    @Test
    void dottedFieldPathsReachNestedValues() {
        var in = input(Topics.METRICS_REQUESTS.name());
        in.pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0, 10, 4.0, 100, 200, 300)));
        JsonNode p =
                views.series(StoreNames.Metrics.REQUESTS, GROUP, 10, "ttft_ms.p50", T0, T0 + 1)
                        .get(0);
        assertThat(p.get("v").asDouble()).isEqualTo(200.0);
        JsonNode missing =
                views.series(StoreNames.Metrics.REQUESTS, GROUP, 10, "e2e_ms.p99", T0, T0 + 1)
                        .get(0);
        assertThat(missing.get("v").isNull()).isTrue();
    }

    @Test
    void undecodableRecordsAreSkippedAndCounted() {
        var in = input(Topics.METRICS_REQUESTS.name());
        in.pipeInput(GROUP, "{not json".getBytes(StandardCharsets.UTF_8));
        in.pipeInput(GROUP, "{\"window_s\":10}".getBytes(StandardCharsets.UTF_8));
        in.pipeInput(GROUP, new byte[0]);
        in.pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0, 10, 4.0)));
        input(Topics.ALERTS.name()).pipeInput("fp", "[]".getBytes(StandardCharsets.UTF_8));

        assertThat(skipped.count(Topics.METRICS_REQUESTS.name())).isEqualTo(3);
        assertThat(skipped.count(Topics.ALERTS.name())).isEqualTo(1);
        assertThat(views.series(StoreNames.Metrics.REQUESTS, GROUP, 10, "rps", T0, T0 + 1))
                .hasSize(1);
    }

    @Test
    void rangePercentileMergesSketchesInsteadOfAveraging() {
        var in = input(Topics.METRICS_REQUESTS.name());
        double[] fast = IntStream.rangeClosed(1, 99).mapToDouble(i -> 10.0).toArray();
        in.pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0, 10, 1, fast)));
        in.pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0_PLUS_10S, 10, 1, 1000.0)));

        JsonNode p50 =
                views.percentile(
                        StoreNames.Metrics.REQUESTS, GROUP, 10, "ttft_ms", 0.5, T0, T0_PLUS_20S);
        assertThat(p50.get("count").asDouble()).isEqualTo(100.0);
        assertThat(p50.get("windows").asInt()).isEqualTo(2);
        // 99 of 100 samples are 10 ms: the median of the merge is 10 ms (±1 %), while an average
        // of the two windows' medians would say 505 ms.
        assertThat(p50.get("value").asDouble()).isBetween(9.9, 10.1);
    }

    @Test
    void alertsKeepNewestStateAndForgetOldResolvedOnes() {
        var in = input(Topics.ALERTS.name());
        long now = System.currentTimeMillis();
        in.pipeInput(
                "a", Fixtures.bytes(Topics.ALERTS, Fixtures.alert("a", "firing", now, null, now)));
        in.pipeInput(
                "b", Fixtures.bytes(Topics.ALERTS, Fixtures.alert("b", "firing", now, null, now)));
        in.pipeInput(
                "b",
                Fixtures.bytes(
                        Topics.ALERTS, Fixtures.alert("b", "resolved", now, now + 5, now + 5)));
        // A stale "firing" for b arriving late must not resurrect it.
        in.pipeInput(
                "b",
                Fixtures.bytes(Topics.ALERTS, Fixtures.alert("b", "firing", now, null, now + 1)));

        assertThat(views.alerts("active"))
                .extracting(a -> a.get("fingerprint").asText())
                .containsExactly("a");
        assertThat(views.alerts("recent"))
                .extracting(a -> a.get("fingerprint").asText())
                .containsExactly("b");

        driver.advanceWallClockTime(Duration.ofHours(2));
        assertThat(views.alerts("recent")).isEmpty();
        assertThat(views.alerts("active")).hasSize(1);
    }

    @Test
    void eventsAreBoundedPerDeploymentAndOtherKindsIgnored() {
        var in = input(Topics.RAW_K8S.name());
        for (int i = 0; i < 5; i++) {
            in.pipeInput(
                    "u" + i,
                    Fixtures.bytes(
                            Topics.RAW_K8S,
                            Fixtures.event("u" + i, "vllm-llama", T0 + i, "BackOff" + i)));
        }
        in.pipeInput(
                "x", Fixtures.bytes(Topics.RAW_K8S, Fixtures.event("x", "other", T0, "Pulled")));
        in.pipeInput("d", Fixtures.bytes(Topics.RAW_K8S, Fixtures.deployment("d", T0)));

        assertThat(views.events("llm/vllm-llama", 100))
                .extracting(e -> e.at("/event/reason").asText())
                .containsExactly("BackOff4", "BackOff3", "BackOff2");
        assertThat(views.events("other", 100)).hasSize(1);
        assertThat(skipped.snapshot()).isEmpty();
    }

    @Test
    void groupsListIdentitiesSeen() {
        input(Topics.METRICS_REQUESTS.name())
                .pipeInput(GROUP, Fixtures.requestBytes(Fixtures.requests(T0, 10, 1)));
        input(Topics.METRICS_GPU.name())
                .pipeInput(
                        "GPU-1",
                        Fixtures.bytes(
                                Topics.METRICS_GPU, Fixtures.gpu(T0, "GPU-1", 50, 1L << 30)));
        input(Topics.METRICS_CLUSTER.name())
                .pipeInput(
                        "llm/vllm-llama",
                        Fixtures.bytes(Topics.METRICS_CLUSTER, Fixtures.cluster(T0, 2, 1, 3)));

        JsonNode g = views.groups();
        assertThat(g.get("requests").get(0).get("group").asText()).isEqualTo(GROUP);
        assertThat(g.get("gpus").get(0).asText()).isEqualTo("GPU-1");
        assertThat(g.get("deployments").get(0).asText()).isEqualTo("vllm-llama");
        assertThat(g.get("models").get(0).asText()).isEqualTo("llama-3-8b");
        assertThat(g.get("cluster").get(0).get("group").asText()).isEqualTo("llm/vllm-llama");
    }
}
