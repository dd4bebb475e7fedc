package io.inferscope.jobs.requests;

import static io.inferscope.jobs.requests.Fixtures.NO_REPLICA;
import static io.inferscope.jobs.requests.Fixtures.T0;
import static io.inferscope.jobs.requests.Fixtures.T0_PLUS_10S;
import static io.inferscope.jobs.requests.Fixtures.T0_PLUS_20S;
import static io.inferscope.jobs.requests.Fixtures.T0_PLUS_30S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.jobs.common.EventWindows;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WindowMetricsFunctionTest {
    private static final long LATENESS = 2_000;

    private KeyedOneInputStreamOperatorTestHarness<String, PartialWindow, RequestMetrics> harness;

    @BeforeEach
    void open() throws Exception {
        JobConfig config = JobConfig.builder().allowedLateness(Duration.ofMillis(LATENESS)).build();
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new WindowMetricsFunction(config), p -> p.group, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static Fact fact(long ts) {
        return Fact.at(ts, NO_REPLICA);
    }

    private static Fact arrival(long ts) {
        Fact f = fact(ts);
        f.arrivals = 1;
        f.inflightDelta = 1;
        return f;
    }

    private static Fact finish(long ts, String error, double e2e, Double ttft, boolean good) {
        Fact f = fact(ts);
        f.finishes = 1;
        f.inflightDelta = -1;
        f.errorClass = error;
        f.e2eMs = e2e;
        f.ttftMs = ttft;
        f.good = good;
        return f;
    }

    /** Each fact as a partial of its own, as {@link PartialWindowsOperator} could hand it on. */
    private void send(Fact... facts) throws Exception {
        for (Fact f : facts) {
            PartialWindow p =
                    new PartialWindow(
                            GroupKey.of(Scope.DEPLOYMENT_MODEL, f.labels()),
                            EventWindows.start(f.ts, 10_000));
            p.add(f);
            harness.processElement(new StreamRecord<>(p, f.ts));
        }
    }

    private void watermark(long t) throws Exception {
        harness.processWatermark(new Watermark(t));
    }

    @Test
    void windowsCountTimeAndCloseWithTheirInflightSweep() throws Exception {
        Fact tokens = fact(T0 + 3_000);
        tokens.promptTokens = 100;
        tokens.completionTokens = 10;
        tokens.itlMs = new double[] {10, 20};
        send(
                arrival(T0 + 1_000), // A
                arrival(T0 + 2_000), // B
                tokens,
                finish(T0 + 4_000, null, 3_000, 200.0, true), // A ok
                arrival(T0 + 6_000), // C
                finish(T0 + 12_000, "timeout", 10_000, null, false), // B
                finish(T0 + 26_000, "lost", 0, null, false)); // C closed as lost

        watermark(T0_PLUS_10S - 1 + LATENESS - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        watermark(T0_PLUS_10S - 1 + LATENESS);
        List<RequestMetrics> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);

        RequestMetrics w0 = out.get(0);
        assertThat(w0.windowStartMs()).isEqualTo(T0);
        assertThat(w0.windowS()).isEqualTo(10);
        assertThat(w0.scope()).isEqualTo(Scope.DEPLOYMENT_MODEL);
        assertThat(w0.labels())
                .isEqualTo(new Labels("c1", "serving", "llama", "llama-3-8b", null, null));
        assertThat(w0.arrivals()).isEqualTo(3);
        assertThat(w0.rps()).isEqualTo(0.3);
        assertThat(w0.finishes()).isEqualTo(1);
        assertThat(w0.finishRps()).isEqualTo(0.1);
        assertThat(w0.errors()).isZero();
        assertThat(w0.errorRate()).isZero();
        assertThat(w0.goodFinishes()).isEqualTo(1);
        assertThat(w0.goodputRps()).isEqualTo(0.1);
        assertThat(w0.promptTps()).isEqualTo(10.0);
        assertThat(w0.completionTps()).isEqualTo(1.0);
        assertThat(w0.e2eMs().count()).isEqualTo(1);
        assertThat(w0.e2eMs().p50()).isEqualTo(3_000.0);
        assertThat(w0.ttftMs().max()).isEqualTo(200.0);
        assertThat(w0.itlMs().count()).isEqualTo(2);
        assertThat(w0.itlMs().mean()).isEqualTo(15.0);
        // 0 for 1 s, 1 for 1 s, 2 for 2 s, 1 for 2 s, 2 for 4 s: (0+1+4+2+8)/10
        assertThat(w0.inflightMax()).isEqualTo(2);
        assertThat(w0.inflightMean()).isCloseTo(1.5, within(1e-12));
        assertThat(w0.inflightEnd()).isEqualTo(2);

        watermark(T0_PLUS_30S + LATENESS);
        out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        RequestMetrics w1 = out.get(1);
        assertThat(w1.windowStartMs()).isEqualTo(T0_PLUS_10S);
        assertThat(w1.arrivals()).isZero();
        assertThat(w1.errors()).isEqualTo(1);
        assertThat(w1.errorsByClass()).isEqualTo(Map.of("timeout", 1L));
        assertThat(w1.errorRate()).isEqualTo(1.0);
        // 2 for 2 s then 1 for 8 s
        assertThat(w1.inflightMax()).isEqualTo(2);
        assertThat(w1.inflightMean()).isCloseTo(1.2, within(1e-12));
        assertThat(w1.inflightEnd()).isEqualTo(1);
        RequestMetrics w2 = out.get(2);
        assertThat(w2.windowStartMs()).isEqualTo(T0_PLUS_20S);
        assertThat(w2.errorsByClass()).isEqualTo(Map.of("lost", 1L));
        assertThat(w2.inflightMax()).isEqualTo(1);
        assertThat(w2.inflightMean()).isCloseTo(0.6, within(1e-12));
        assertThat(w2.inflightEnd()).isZero();

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aLongRequestIsInFlightInEveryWindowItSpans() throws Exception {
        send(arrival(T0 + 5_000), finish(T0_PLUS_30S + 5_000, null, 30_000, 100.0, false));
        watermark(T0_PLUS_30S + 10_000 + LATENESS);

        List<RequestMetrics> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(RequestMetrics::windowStartMs)
                .containsExactly(T0, T0_PLUS_10S, T0_PLUS_20S, T0_PLUS_30S);
        assertThat(out)
                .extracting(RequestMetrics::inflightMean)
                .containsExactly(0.5, 1.0, 1.0, 0.5);
        assertThat(out).extracting(RequestMetrics::inflightEnd).containsExactly(1, 1, 1, 0);
        assertThat(out).extracting(RequestMetrics::arrivals).containsExactly(1L, 0L, 0L, 0L);
        assertThat(out).extracting(RequestMetrics::finishes).containsExactly(0L, 0L, 0L, 1L);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void openWindowsSurviveASnapshotAndRestore() throws Exception {
        Fact withTokens = finish(T0 + 3_000, "upstream_5xx", 2_500, 120.0, false);
        withTokens.itlMs = new double[] {7, 9};
        send(arrival(T0 + 1_000), withTokens, arrival(T0 + 5_000));
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + 6_000);
        harness.close();

        JobConfig config = JobConfig.builder().allowedLateness(Duration.ofMillis(LATENESS)).build();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new WindowMetricsFunction(config)),
                        (PartialWindow p) -> p.group,
                        Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        watermark(T0_PLUS_10S - 1 + LATENESS);

        RequestMetrics w0 = harness.extractOutputValues().get(0);
        assertThat(w0.arrivals()).isEqualTo(2);
        assertThat(w0.errorsByClass()).isEqualTo(Map.of("upstream_5xx", 1L));
        assertThat(w0.e2eMs().p50()).isEqualTo(2_500.0);
        assertThat(w0.itlMs().max()).isEqualTo(9.0);
        // 0 for 1 s, 1 for 2 s, 0 for 2 s, 1 for 5 s
        assertThat(w0.inflightMean()).isCloseTo(0.7, within(1e-12));
        assertThat(w0.inflightEnd()).isEqualTo(1);
    }

    @Test
    void aFactForAFinalWindowIsDroppedNotMerged() throws Exception {
        send(arrival(T0 + 1_000), finish(T0 + 2_000, null, 1_000, 50.0, true));
        watermark(T0_PLUS_10S - 1 + LATENESS);
        assertThat(harness.extractOutputValues()).hasSize(1);

        send(arrival(T0 + 9_000));

        watermark(T0_PLUS_30S);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
