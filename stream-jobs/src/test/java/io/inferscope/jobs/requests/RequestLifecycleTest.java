package io.inferscope.jobs.requests;

import static io.inferscope.jobs.requests.Fixtures.NO_REPLICA;
import static io.inferscope.jobs.requests.Fixtures.POD_A;
import static io.inferscope.jobs.requests.Fixtures.T0;
import static io.inferscope.jobs.requests.Fixtures.T0_PLUS_10S;
import static io.inferscope.jobs.requests.Fixtures.T0_PLUS_20S;
import static io.inferscope.jobs.requests.Fixtures.T0_PLUS_60S;
import static io.inferscope.jobs.requests.Fixtures.dispatch;
import static io.inferscope.jobs.requests.Fixtures.ok;
import static io.inferscope.jobs.requests.Fixtures.start;
import static io.inferscope.jobs.requests.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TokenProgress;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLifecycleTest {
    private static final long TTL = 60_000;
    private static final long LATENESS = 5_000;

    private KeyedTwoInputStreamOperatorTestHarness<
                    String, Ingested<RequestEvent>, Ingested<TokenProgress>, Fact>
            harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        JobConfig config =
                JobConfig.builder()
                        .lostTtl(Duration.ofMillis(TTL))
                        .allowedLateness(Duration.ofMillis(LATENESS))
                        .slo(500, 5_000)
                        .build();
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new RequestLifecycle("request-metrics", config, () -> T0),
                        in -> in.record.requestId(),
                        in -> in.record.requestId(),
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void request(RequestEvent ev) throws Exception {
        harness.processElement1(
                new StreamRecord<>(Ingested.ok("raw.requests", 0, offset++, ev), ev.tsMs()));
    }

    private void progress(TokenProgress tp) throws Exception {
        harness.processElement2(
                new StreamRecord<>(Ingested.ok("raw.tokens", 1, offset++, tp), tp.tsMs()));
    }

    private void watermark(long t) throws Exception {
        harness.processWatermark1(new Watermark(t));
        harness.processWatermark2(new Watermark(t));
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(DeadLetters.TAG) == null
                ? List.of()
                : harness.getSideOutput(DeadLetters.TAG).stream()
                        .map(StreamRecord::getValue)
                        .toList();
    }

    @Test
    void startAndEndBecomeAnArrivalAndAFinishAndNonStreamingTokensAreBookedAtTheEnd()
            throws Exception {
        request(start("r1", T0 + 1_000, POD_A));
        request(ok("r1", T0 + 4_000, POD_A, 3_000, 400.0, 50, 20));
        assertThat(harness.extractOutputValues())
                .extracting(f -> f.ts, f -> f.arrivals, f -> f.inflightDelta, f -> f.finishes)
                .containsExactly(tuple(T0 + 1_000, 1, 1, 0), tuple(T0 + 4_000, 0, -1, 1));
        Fact finish = harness.extractOutputValues().get(1);
        assertThat(finish.e2eMs).isEqualTo(3_000.0);
        assertThat(finish.ttftMs).isEqualTo(400.0);
        assertThat(finish.good).isTrue();
        assertThat(finish.errorClass).isNull();

        watermark(T0 + 4_000);

        List<Fact> out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        assertThat(out.get(2).ts).isEqualTo(T0 + 4_000);
        assertThat(out.get(2).promptTokens).isEqualTo(50);
        assertThat(out.get(2).completionTokens).isEqualTo(20);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void streamedTokensAreBookedWhenProducedNotAtCompletion() throws Exception {
        progress(tokens("r2", T0 + 500, POD_A, 0, 4, 30, List.of(20.0, 25.0, 30.0)));
        request(start("r2", T0, POD_A));
        progress(tokens("r2", T0_PLUS_10S + 500, POD_A, 1, 6, null, List.of(40.0)));
        request(ok("r2", T0_PLUS_20S, POD_A, 20_000, 450.0, 30, 10));
        watermark(T0_PLUS_60S + TTL);

        List<Fact> tokenFacts =
                harness.extractOutputValues().stream()
                        .filter(f -> f.promptTokens + f.completionTokens > 0)
                        .toList();
        assertThat(tokenFacts)
                .extracting(f -> f.ts, f -> f.promptTokens, f -> f.completionTokens)
                .containsExactly(tuple(T0 + 500, 30L, 4L), tuple(T0_PLUS_10S + 500, 0L, 6L));
        assertThat(tokenFacts.get(0).itlMs).containsExactly(20.0, 25.0, 30.0);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRequestWithoutEndIsClosedAsLostWhenTheTtlExpires() throws Exception {
        request(start("r3", T0 + 1_000, POD_A));
        watermark(T0 + 1_000 + TTL - 1);
        assertThat(harness.extractOutputValues()).hasSize(1);

        watermark(T0 + 1_000 + TTL);
        Fact lost = harness.extractOutputValues().get(1);
        assertThat(lost.ts).isEqualTo(T0 + 1_000 + TTL);
        assertThat(lost.errorClass).isEqualTo("lost");
        assertThat(lost.finishes).isEqualTo(1);
        assertThat(lost.inflightDelta).isEqualTo(-1);
        assertThat(lost.labels()).isEqualTo(POD_A);

        // An end after the close is not counted twice: it is dead-lettered.
        request(ok("r3", T0 + 2_000 + TTL, POD_A, TTL + 1_000, 300.0, 1, 1));
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        dl -> {
                            assertThat(dl.reason()).contains("already closed as lost");
                            assertThat(dl.payload()).contains("\"request_id\":\"r3\"");
                        });

        watermark(T0 + 1_000 + 2 * TTL);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anEndOnAnotherReplicaClosesTheInflightWhereItWasOpened() throws Exception {
        request(start("r4", T0, NO_REPLICA));
        request(ok("r4", T0 + 900, POD_A, 900, null, 5, 7));

        List<Fact> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(f -> f.inflightDelta, f -> f.finishes, f -> f.replica)
                .containsExactly(tuple(1, 0, null), tuple(-1, 0, null), tuple(0, 1, "llama-a"));
        // No TTFT (non-streaming): judged on e2e for both thresholds, 900 > 500 ms.
        assertThat(out.get(2).good).isFalse();
        watermark(T0 + 900);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aDispatchAfterAWaitCountsTheReplicasArrivalAndInflightUntilTheEnd() throws Exception {
        request(start("w1", T0, NO_REPLICA));
        request(dispatch("w1", T0 + 2_000, POD_A, 2_000.0));
        request(ok("w1", T0 + 2_900, POD_A, 2_900, null, 5, 7));

        assertThat(harness.extractOutputValues())
                .extracting(
                        f -> f.ts,
                        f -> f.arrivals,
                        f -> f.inflightDelta,
                        f -> f.finishes,
                        f -> f.replica,
                        f -> f.replicaOnly)
                .containsExactly(
                        tuple(T0, 1, 1, 0, null, false),
                        tuple(T0 + 2_000, 1, 1, 0, "llama-a", true),
                        tuple(T0 + 2_900, 0, -1, 0, null, false),
                        tuple(T0 + 2_900, 0, -1, 0, "llama-a", true),
                        tuple(T0 + 2_900, 0, 0, 1, "llama-a", false));
        watermark(T0 + 2_900);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aDispatchedRequestWithoutEndIsClosedOnItsReplicaToo() throws Exception {
        request(start("w2", T0, NO_REPLICA));
        request(dispatch("w2", T0 + 1_000, POD_A, 1_000.0));
        watermark(T0 + TTL);

        assertThat(harness.extractOutputValues())
                .extracting(f -> f.inflightDelta, f -> f.replica, f -> f.replicaOnly)
                .containsExactly(
                        tuple(1, null, false),
                        tuple(1, "llama-a", true),
                        tuple(-1, null, false),
                        tuple(-1, "llama-a", true));
    }

    @Test
    void aDispatchWithoutStartTwiceOrAfterAReplicaStartIsDeadLettered() throws Exception {
        request(dispatch("orphan", T0, POD_A, 1.0));
        request(start("named", T0, POD_A));
        request(dispatch("named", T0 + 10, POD_A, 1.0));
        request(start("twice", T0, NO_REPLICA));
        request(dispatch("twice", T0 + 10, POD_A, 1.0));
        request(dispatch("twice", T0 + 20, POD_A, 1.0));

        List<String> reasons = deadLetters().stream().map(DeadLetter::reason).toList();
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0)).contains("dispatch of request orphan without an open start");
        assertThat(reasons.get(1)).contains("request named whose start named its replica");
        assertThat(reasons.get(2)).contains("duplicate dispatch of request twice");
    }

    @Test
    void lateRecordGoesToDeadLetter() throws Exception {
        // [T0, T0+10s) is final once the watermark reaches T0+10s-1+lateness.
        watermark(T0_PLUS_10S - 1 + LATENESS - 1);
        request(start("on-time", T0 + 9_999, POD_A));
        watermark(T0_PLUS_10S - 1 + LATENESS);
        request(start("late", T0 + 9_999, POD_A));
        progress(tokens("late", T0 + 5_000, POD_A, 0, 3, null, List.of()));
        request(start("next-window", T0_PLUS_10S, POD_A));

        assertThat(harness.extractOutputValues())
                .extracting(f -> f.ts)
                .containsExactly(T0 + 9_999, T0_PLUS_10S);
        List<DeadLetter> dead = deadLetters();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).reason()).startsWith("late: event time " + (T0 + 9_999));
        assertThat(dead.get(0).sourceTopic()).isEqualTo("raw.requests");
        assertThat(dead.get(0).offset()).isEqualTo(1);
        assertThat(dead.get(0).fieldPath()).isEqualTo("$.ts_ms");
        assertThat(dead.get(0).payload()).contains("\"request_id\":\"late\"");
        assertThat(dead.get(1).sourceTopic()).isEqualTo("raw.tokens");
        // Nothing is kept for the refused records (the others are closed as lost, then forgotten).
        watermark(T0_PLUS_10S + 2 * TTL);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void duplicateRecordsAreDeadLettered() throws Exception {
        request(start("r5", T0, POD_A));
        request(start("r5", T0 + 1, POD_A));
        request(ok("r5", T0 + 100, POD_A, 100, 50.0, 1, 1));
        request(ok("r5", T0 + 101, POD_A, 101, 50.0, 1, 1));

        assertThat(deadLetters())
                .extracting(DeadLetter::reason)
                .containsExactly("duplicate start of request r5", "duplicate end of request r5");
        assertThat(harness.extractOutputValues()).extracting(f -> f.arrivals).containsExactly(1, 0);
        watermark(T0 + 101);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void tokenProgressOfARequestThatNeverStartsIsForgottenAfterTheTtl() throws Exception {
        progress(tokens("r6", T0, POD_A, 0, 3, 12, List.of()));
        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.completionTokens).isEqualTo(3);
                            assertThat(f.arrivals).isZero();
                        });
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        watermark(T0 + TTL);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
