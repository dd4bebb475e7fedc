package io.inferscope.jobs.requests;

import static io.inferscope.jobs.requests.Fixtures.POD_A;
import static io.inferscope.jobs.requests.Fixtures.POD_B;
import static io.inferscope.jobs.requests.Fixtures.failed;
import static io.inferscope.jobs.requests.Fixtures.ok;
import static io.inferscope.jobs.requests.Fixtures.start;
import static io.inferscope.jobs.requests.Fixtures.tokens;
import static io.inferscope.jobs.requests.ItSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.jobs.common.DecodingDeserializer;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.jobs.requests.ItSupport.TestTopics;
import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Quantiles;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job on a MiniCluster (parallelism 2) against a real broker: a known set of requests gives
 * exactly the hand-computed windows, and a failure in the middle of the stream, recovered from the
 * last checkpoint, neither duplicates nor loses a window. Output is read with read_committed.
 */
class RequestMetricsJobITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = ItSupport.miniCluster();

    /** What one output record must hold; {@code replica} null for scope deployment_model. */
    record Expect(
            Scope scope,
            String replica,
            long start,
            int windowS,
            long arrivals,
            long finishes,
            Map<String, Long> errors,
            long good,
            long prompt,
            long completion,
            int inflightMax,
            double inflightMean,
            int inflightEnd,
            double[] e2e,
            double[] itl) {

        String id() {
            return id(scope, replica, start, windowS);
        }

        static String id(Scope scope, String replica, long start, int windowS) {
            return scope.wire() + "/" + replica + "@" + start + "+" + windowS;
        }
    }

    private static String id(RequestMetrics m) {
        return Expect.id(m.scope(), m.labels().replica(), m.windowStartMs(), m.windowS());
    }

    @Test
    void aKnownSetOfRequestsGivesExactlyTheExpectedWindows() throws Exception {
        final long t0 = ItSupport.recentT0();
        final long t10 = t0 + 10_000;
        final long t20 = t0 + 20_000;
        final long t30 = t0 + 30_000;
        final long t40 = t0 + 40_000;
        TestTopics topics = TestTopics.create(KAFKA, "expected");
        JobConfig config = ItSupport.config(KAFKA, "expected");

        // Replica A on request partition 0, replica B on partition 1, each in time order.
        List<ProducerRecord<byte[], byte[]>> in = new ArrayList<>();
        in.add(record(topics.requests(), 0, "r1", start("r1", t0 + 1_000, POD_A)));
        in.add(
                record(
                        topics.requests(),
                        0,
                        "r1",
                        ok("r1", t0 + 3_000, POD_A, 2_000, 150.0, 100, 50)));
        in.add(record(topics.requests(), 0, "r3", start("r3", t0 + 5_000, POD_A)));
        in.add(
                record(
                        topics.requests(),
                        0,
                        "r3",
                        failed("r3", t0 + 6_000, POD_A, ErrorClass.UPSTREAM_5XX, 1_000)));
        in.add(record(topics.requests(), 0, "r5", start("r5", t0 + 15_000, POD_A))); // never ends
        in.add(record(topics.requests(), 1, "r2", start("r2", t0 + 2_000, POD_B)));
        in.add(record(topics.requests(), 1, "r4", start("r4", t0 + 11_000, POD_B)));
        in.add(
                record(
                        topics.requests(),
                        1,
                        "r4",
                        ok("r4", t0 + 13_000, POD_B, 2_000, 1_800.0, 40, 20)));
        in.add(
                record(
                        topics.requests(),
                        1,
                        "r2",
                        ok("r2", t0 + 14_000, POD_B, 12_000, 500.0, 200, 40)));
        // r2 streams: its tokens are booked when produced, not at its end.
        in.add(
                record(
                        topics.tokens(),
                        1,
                        "r2",
                        tokens("r2", t0 + 2_500, POD_B, 0, 10, 200, List.of(10.0, 12.0, 14.0))));
        in.add(
                record(
                        topics.tokens(),
                        1,
                        "r2",
                        tokens("r2", t0 + 12_000, POD_B, 1, 30, null, List.of(20.0, 22.0))));
        ItSupport.produce(KAFKA, in);

        StreamExecutionEnvironment env = ItSupport.environment(0);
        ItSupport.job(config, topics, true).build(env);
        env.execute("expected-windows");

        Map<String, Long> none = Map.of();
        Map<String, Long> upstream = Map.of("upstream_5xx", 1L);
        Map<String, Long> lost = Map.of("lost", 1L);
        double[] no = {};
        Scope dm = Scope.DEPLOYMENT_MODEL;
        Scope rep = Scope.REPLICA;
        List<Expect> expected =
                List.of(
                        // deployment/model: in flight 0|1|2|1|2|1 over 1,1,1,2,1,4 s = 11/10
                        new Expect(
                                dm,
                                null,
                                t0,
                                10,
                                3,
                                2,
                                upstream,
                                1,
                                300,
                                60,
                                2,
                                1.1,
                                1,
                                new double[] {2_000, 1_000},
                                new double[] {10, 12, 14}),
                        // 1|2|1|0|1 over 1,2,1,1,5 s
                        new Expect(
                                dm,
                                null,
                                t10,
                                10,
                                2,
                                2,
                                none,
                                0,
                                40,
                                50,
                                2,
                                1.1,
                                1,
                                new double[] {2_000, 12_000},
                                new double[] {20, 22}),
                        new Expect(dm, null, t20, 10, 0, 0, none, 0, 0, 0, 1, 1.0, 1, no, no),
                        new Expect(dm, null, t30, 10, 0, 0, none, 0, 0, 0, 1, 1.0, 1, no, no),
                        // r5 closed as lost at 45 s
                        new Expect(dm, null, t40, 10, 0, 1, lost, 0, 0, 0, 1, 0.5, 0, no, no),
                        new Expect(
                                rep,
                                "llama-a",
                                t0,
                                10,
                                2,
                                2,
                                upstream,
                                1,
                                100,
                                50,
                                1,
                                0.3,
                                0,
                                new double[] {2_000, 1_000},
                                no),
                        new Expect(rep, "llama-a", t10, 10, 1, 0, none, 0, 0, 0, 1, 0.5, 1, no, no),
                        new Expect(rep, "llama-a", t20, 10, 0, 0, none, 0, 0, 0, 1, 1.0, 1, no, no),
                        new Expect(rep, "llama-a", t30, 10, 0, 0, none, 0, 0, 0, 1, 1.0, 1, no, no),
                        new Expect(rep, "llama-a", t40, 10, 0, 1, lost, 0, 0, 0, 1, 0.5, 0, no, no),
                        new Expect(
                                rep,
                                "llama-b",
                                t0,
                                10,
                                1,
                                0,
                                none,
                                0,
                                200,
                                10,
                                1,
                                0.8,
                                1,
                                no,
                                new double[] {10, 12, 14}),
                        // 1|2|1|0 over 1,2,1,6 s
                        new Expect(
                                rep,
                                "llama-b",
                                t10,
                                10,
                                1,
                                2,
                                none,
                                0,
                                40,
                                50,
                                2,
                                0.6,
                                0,
                                new double[] {2_000, 12_000},
                                new double[] {20, 22}),
                        // Rollups merge the 10 s results (the 6th 10 s window had nothing).
                        new Expect(
                                dm,
                                null,
                                t0,
                                60,
                                5,
                                5,
                                Map.of("upstream_5xx", 1L, "lost", 1L),
                                1,
                                340,
                                110,
                                2,
                                4.7 / 6,
                                0,
                                new double[] {2_000, 1_000, 2_000, 12_000},
                                new double[] {10, 12, 14, 20, 22}),
                        new Expect(
                                rep,
                                "llama-a",
                                t0,
                                60,
                                3,
                                3,
                                Map.of("upstream_5xx", 1L, "lost", 1L),
                                1,
                                100,
                                50,
                                1,
                                3.3 / 6,
                                0,
                                new double[] {2_000, 1_000},
                                no),
                        new Expect(
                                rep,
                                "llama-b",
                                t0,
                                60,
                                2,
                                2,
                                none,
                                0,
                                240,
                                60,
                                2,
                                1.4 / 6,
                                0,
                                new double[] {2_000, 12_000},
                                new double[] {10, 12, 14, 20, 22}),
                        new Expect(
                                dm,
                                null,
                                t0,
                                300,
                                5,
                                5,
                                Map.of("upstream_5xx", 1L, "lost", 1L),
                                1,
                                340,
                                110,
                                2,
                                4.7 / 30,
                                0,
                                new double[] {2_000, 1_000, 2_000, 12_000},
                                new double[] {10, 12, 14, 20, 22}),
                        new Expect(
                                rep,
                                "llama-a",
                                t0,
                                300,
                                3,
                                3,
                                Map.of("upstream_5xx", 1L, "lost", 1L),
                                1,
                                100,
                                50,
                                1,
                                3.3 / 30,
                                0,
                                new double[] {2_000, 1_000},
                                no),
                        new Expect(
                                rep,
                                "llama-b",
                                t0,
                                300,
                                2,
                                2,
                                none,
                                0,
                                240,
                                60,
                                2,
                                1.4 / 30,
                                0,
                                new double[] {2_000, 12_000},
                                new double[] {10, 12, 14, 20, 22}));

        List<RequestMetrics> out =
                ItSupport.decodeAll(
                        topics.metrics(),
                        KAFKA.readAll(topics.metrics().name(), Duration.ofSeconds(20)));
        assertThat(out.stream().map(RequestMetricsJobITCase::id).sorted().toList())
                .isEqualTo(expected.stream().map(Expect::id).sorted().toList());

        Map<String, RequestMetrics> byId =
                out.stream().collect(Collectors.toMap(RequestMetricsJobITCase::id, m -> m));
        for (Expect e : expected) {
            check(byId.get(e.id()), e);
        }
        assertThat(KAFKA.readAll(topics.deadLetters().name(), Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void aRestartFromACheckpointMidStreamNeitherDuplicatesNorLosesWindows(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        final long t0 = ItSupport.recentT0();
        TestTopics topics = TestTopics.create(KAFKA, "restart");
        JobConfig config = ItSupport.config(KAFKA, "restart");
        FailOnceDeserializer.FAILURES.set(0);
        FailOnceDeserializer.ARMED.set(false);
        ItSupport.produce(KAFKA, ItSupport.traffic(topics, t0, 0, 3));

        StreamExecutionEnvironment env = ItSupport.environment(1);
        KafkaRecordDeserializationSchema<Ingested<RequestEvent>> failing =
                new FailOnceDeserializer<>(
                        new DecodingDeserializer<>(
                                RequestEvent.class,
                                RequestMetricsJob.NAME,
                                RequestEvent::tsMs,
                                config.futureTolerance().toMillis(),
                                WallClock.SYSTEM));
        new RequestMetricsJob(
                        ItSupport.source(
                                config,
                                topics.requests(),
                                RequestEvent::tsMs,
                                false,
                                b -> b.setDeserializer(failing)),
                        ItSupport.source(
                                config, topics.tokens(), TokenProgress::tsMs, false, b -> b),
                        RequestMetricsJob.metricsSink(config, topics.metrics()),
                        RequestMetricsJob.deadLetterSink(config, topics.deadLetters()),
                        config)
                .build(env);
        JobClient client = env.executeAsync("restart");
        try {
            String metrics = topics.metrics().name();
            // Windows 0 and 1 of the three groups are visible to read_committed: a checkpoint
            // has completed after them. Then the next record read fails the job.
            ItSupport.await(
                    "the first windows",
                    Duration.ofSeconds(60),
                    () -> KAFKA.consume(metrics, 6, Duration.ofSeconds(1)).size() >= 6);
            FailOnceDeserializer.ARMED.set(true);
            List<ProducerRecord<byte[], byte[]>> rest =
                    new ArrayList<>(ItSupport.traffic(topics, t0, 3, 6));
            rest.addAll(ItSupport.clock(topics, t0 + 310_000));
            ItSupport.produce(KAFKA, rest);

            // 6 windows x 3 groups, and the 1 min and 5 min rollups of each group.
            List<RequestMetrics> out =
                    ItSupport.decodeAll(
                            topics.metrics(), KAFKA.consume(metrics, 24, Duration.ofSeconds(90)));
            assertThat(out).hasSize(24);
            assertThat(KAFKA.consume(metrics, 25, Duration.ofSeconds(5))).hasSize(24);
            assertThat(out.stream().map(RequestMetricsJobITCase::id).distinct()).hasSize(24);
            for (RequestMetrics m : out) {
                long perWindow =
                        m.scope() == Scope.DEPLOYMENT_MODEL
                                ? 3
                                : m.labels().replica().equals("llama-a") ? 2 : 1;
                long windows = m.windowS() == 10 ? 1 : 6;
                assertThat(m.arrivals()).as(id(m)).isEqualTo(perWindow * windows);
                assertThat(m.finishes()).as(id(m)).isEqualTo(perWindow * windows);
            }
            assertThat(FailOnceDeserializer.FAILURES.get()).isEqualTo(1);
            assertThat(
                            cluster.getExecutionGraph(client.getJobID())
                                    .get()
                                    .getCheckpointStatsSnapshot()
                                    .getCounts()
                                    .getNumberOfRestoredCheckpoints())
                    .isPositive();
        } finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static void check(RequestMetrics m, Expect e) {
        String what = e.id();
        double seconds = e.windowS();
        assertThat(m.labels().deployment()).as(what).isEqualTo("llama");
        assertThat(m.labels().model()).as(what).isEqualTo("llama-3-8b");
        assertThat(m.labels().node())
                .as(what)
                .isEqualTo(
                        e.replica() == null
                                ? null
                                : e.replica().equals("llama-a") ? "node-1" : "node-2");
        assertThat(m.arrivals()).as(what).isEqualTo(e.arrivals());
        assertThat(m.rps()).as(what).isCloseTo(e.arrivals() / seconds, within(1e-9));
        assertThat(m.finishes()).as(what).isEqualTo(e.finishes());
        assertThat(m.finishRps()).as(what).isCloseTo(e.finishes() / seconds, within(1e-9));
        assertThat(m.errorsByClass()).as(what).isEqualTo(e.errors());
        long errors = e.errors().values().stream().mapToLong(Long::longValue).sum();
        assertThat(m.errors()).as(what).isEqualTo(errors);
        assertThat(m.errorRate())
                .as(what)
                .isCloseTo(e.finishes() == 0 ? 0 : (double) errors / e.finishes(), within(1e-9));
        assertThat(m.goodFinishes()).as(what).isEqualTo(e.good());
        assertThat(m.goodputRps()).as(what).isCloseTo(e.good() / seconds, within(1e-9));
        assertThat(m.promptTokens()).as(what).isEqualTo(e.prompt());
        assertThat(m.completionTokens()).as(what).isEqualTo(e.completion());
        assertThat(m.promptTps()).as(what).isCloseTo(e.prompt() / seconds, within(1e-9));
        assertThat(m.completionTps()).as(what).isCloseTo(e.completion() / seconds, within(1e-9));
        assertThat(m.inflightMax()).as(what).isEqualTo(e.inflightMax());
        assertThat(m.inflightMean()).as(what).isCloseTo(e.inflightMean(), within(1e-9));
        assertThat(m.inflightEnd()).as(what).isEqualTo(e.inflightEnd());
        checkQuantiles(what + " e2e", m.e2eMs(), e.e2e());
        checkQuantiles(what + " itl", m.itlMs(), e.itl());
    }

    /** Exact count/min/max/mean; p50 and p99 within 1 % of the exact (lower) quantile. */
    private static void checkQuantiles(String what, Quantiles q, double[] values) {
        assertThat(q.count()).as(what).isEqualTo(values.length);
        if (values.length == 0) {
            return;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(q.min()).as(what).isEqualTo(sorted[0]);
        assertThat(q.max()).as(what).isEqualTo(sorted[sorted.length - 1]);
        assertThat(q.mean())
                .as(what)
                .isCloseTo(Arrays.stream(values).average().orElseThrow(), within(1e-9));
        double p50 = sorted[(int) Math.floor(0.5 * (sorted.length - 1))];
        double p99 = sorted[(int) Math.floor(0.99 * (sorted.length - 1))];
        assertThat(q.p50()).as(what).isCloseTo(p50, within(p50 * 0.01));
        assertThat(q.p99()).as(what).isCloseTo(p99, within(p99 * 0.01));
        assertThat(q.sketch()).as(what).isNotBlank();
    }
}
