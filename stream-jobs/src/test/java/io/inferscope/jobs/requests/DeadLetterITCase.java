package io.inferscope.jobs.requests;

import static io.inferscope.jobs.requests.Fixtures.POD_A;
import static io.inferscope.jobs.requests.Fixtures.POD_B;
import static io.inferscope.jobs.requests.Fixtures.ok;
import static io.inferscope.jobs.requests.Fixtures.start;
import static io.inferscope.jobs.requests.ItSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.requests.ItSupport.TestTopics;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input never fails the job: 10,000 malformed or invalid records mixed into good traffic are
 * each dead-lettered with a reason, the good records are counted exactly, and the job finishes with
 * no restart allowed (restart strategy none: any failure would fail it).
 */
class DeadLetterITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = ItSupport.miniCluster();

    private static final int GOOD_REQUESTS = 200;
    private static final int BAD_REQUEST_RECORDS = 8_000;
    private static final int BAD_TOKEN_RECORDS = 2_000;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Raw request records the codec or the validation must refuse, by kind. */
    private static byte[] badRequest(int i, long t0) {
        long future = System.currentTimeMillis() + 3_600_000;
        String id = "\"request_id\":\"bad-" + i + "\"";
        return switch (i % 10) {
            case 0 -> utf8("{\"type\":\"start\"," + id); // truncated JSON
            case 1 ->
                    utf8("{\"type\":\"start\"," + id + ",\"ts_ms\":\"" + t0 + "\"}"); // string time
            case 2 ->
                    utf8(
                            "{\"type\":\"end\","
                                    + id
                                    + ",\"ts_ms\":"
                                    + t0
                                    + ",\"status\":\"ok\",\"e2e_ms\":-5.0}"); // negative duration
            case 3 -> utf8("{\"type\":\"start\",\"ts_ms\":" + t0 + "}"); // no request id
            case 4 ->
                    Codecs.of(RequestEvent.class)
                            .encode(start("bad-" + i, future, POD_A)); // an hour in the future
            case 5 -> new byte[] {(byte) 0xff, 0x00, (byte) 0xfe, 0x13, 0x37}; // binary
            case 6 -> new byte[0]; // empty
            case 7 -> utf8("{\"type\":\"middle\"," + id + ",\"ts_ms\":" + t0 + "}"); // enum
            case 8 -> utf8("[]"); // not an object
            default ->
                    utf8(
                            "{\"type\":\"end\","
                                    + id
                                    + ",\"ts_ms\":"
                                    + t0
                                    + ",\"status\":\"error\",\"e2e_ms\":5.0}"); // error without
                // error_class
        };
    }

    private static byte[] badTokens(int i, long t0) {
        long future = System.currentTimeMillis() + 3_600_000;
        String id = "\"request_id\":\"bad-t" + i + "\"";
        return switch (i % 5) {
            case 0 -> utf8("{" + id + ",\"ts_ms\":" + t0 + ",\"seq\":0,\"completion_tokens\":-1}");
            case 1 -> utf8("{" + id + ",\"ts_ms\":" + t0 + ",\"seq\":0}"); // missing tokens
            case 2 ->
                    utf8(
                            "{"
                                    + id
                                    + ",\"ts_ms\":"
                                    + t0
                                    + ",\"seq\":0,\"completion_tokens\":1,\"itl_ms\":[1.0,-2.0]}");
            case 3 ->
                    Codecs.of(TokenProgress.class)
                            .encode(
                                    new TokenProgress(
                                            "bad-t" + i,
                                            future,
                                            POD_B,
                                            0,
                                            1,
                                            null,
                                            List.of(),
                                            false));
            default -> null; // a tombstone
        };
    }

    @Test
    void tenThousandBadRecordsAreDeadLetteredAndTheGoodOnesCountedExactly() throws Exception {
        final long t0 = ItSupport.recentT0();
        TestTopics topics = TestTopics.create(KAFKA, "bad");
        JobConfig config = ItSupport.config(KAFKA, "bad");

        List<ProducerRecord<byte[], byte[]>> in = new ArrayList<>();
        int badRequests = 0;
        int badTokens = 0;
        for (int r = 0; r < GOOD_REQUESTS; r++) {
            int p = r % 2;
            Labels pod = p == 0 ? POD_A : POD_B;
            String id = "good-" + r;
            long s = t0 + r * 250L; // 50 s of traffic, in time order on each partition
            in.add(record(topics.requests(), p, id, start(id, s, pod)));
            in.add(record(topics.requests(), p, id, ok(id, s + 100, pod, 100, 20.0, 3, 4)));
            for (int k = 0; k < BAD_REQUEST_RECORDS / GOOD_REQUESTS; k++, badRequests++) {
                in.add(
                        new ProducerRecord<>(
                                topics.requests().name(), p, null, badRequest(badRequests, s)));
            }
            for (int k = 0; k < BAD_TOKEN_RECORDS / GOOD_REQUESTS; k++, badTokens++) {
                in.add(
                        new ProducerRecord<>(
                                topics.tokens().name(), p, null, badTokens(badTokens, s)));
            }
        }
        ItSupport.produce(KAFKA, in);

        StreamExecutionEnvironment env = ItSupport.environment(0); // no restart: a failure fails
        ItSupport.job(config, topics, true).build(env);
        JobExecutionResult result = env.execute("dead-letters");
        assertThat(result.getJobID()).isNotNull();

        List<DeadLetter> dead =
                ItSupport.decodeAll(
                        topics.deadLetters(),
                        KAFKA.readAll(topics.deadLetters().name(), Duration.ofSeconds(30)));
        assertThat(dead).hasSize(BAD_REQUEST_RECORDS + BAD_TOKEN_RECORDS);
        assertThat(
                        dead.stream()
                                .collect(
                                        Collectors.groupingBy(
                                                DeadLetter::sourceTopic, Collectors.counting())))
                .isEqualTo(
                        Map.of(
                                topics.requests().name(), (long) BAD_REQUEST_RECORDS,
                                topics.tokens().name(), (long) BAD_TOKEN_RECORDS));
        assertThat(dead)
                .allSatisfy(
                        dl -> {
                            assertThat(dl.reason()).isNotBlank();
                            assertThat(dl.source()).isEqualTo(RequestMetricsJob.NAME);
                            assertThat(dl.partition()).isNotNull();
                            assertThat(dl.offset()).isNotNull();
                        });
        assertThat(dead.stream().filter(dl -> dl.reason().startsWith("future:")))
                .hasSize(BAD_REQUEST_RECORDS / 10 + BAD_TOKEN_RECORDS / 5);
        assertThat(dead.stream().filter(dl -> dl.payloadBase64() != null))
                .hasSize(BAD_REQUEST_RECORDS / 10);

        List<RequestMetrics> windows =
                ItSupport.decodeAll(
                                topics.metrics(),
                                KAFKA.readAll(topics.metrics().name(), Duration.ofSeconds(30)))
                        .stream()
                        .filter(m -> m.scope() == Scope.DEPLOYMENT_MODEL && m.windowS() == 10)
                        .toList();
        assertThat(windows.stream().mapToLong(RequestMetrics::arrivals).sum())
                .isEqualTo(GOOD_REQUESTS);
        assertThat(windows.stream().mapToLong(RequestMetrics::finishes).sum())
                .isEqualTo(GOOD_REQUESTS);
        assertThat(windows.stream().mapToLong(RequestMetrics::errors).sum()).isZero();
        assertThat(windows.stream().mapToLong(RequestMetrics::completionTokens).sum())
                .isEqualTo(4L * GOOD_REQUESTS);
    }
}
