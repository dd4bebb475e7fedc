package io.inferscope.jobs.requests;

import static io.inferscope.jobs.requests.Fixtures.NO_REPLICA;
import static io.inferscope.jobs.requests.Fixtures.T0;
import static io.inferscope.jobs.requests.Fixtures.T0_PLUS_60S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.jobs.common.Distribution;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RollupFunctionTest {
    private static final String KEY = GroupKey.of(Scope.DEPLOYMENT_MODEL, NO_REPLICA);

    /** A 10 s result with the given arrivals, e2e samples and in-flight figures. */
    private static RequestMetrics partial(
            int slot, int arrivals, String error, double[] e2e, int max, double mean, int end) {
        WindowAccumulator acc = new WindowAccumulator();
        for (int i = 0; i < arrivals; i++) {
            Fact f = Fact.at(T0, NO_REPLICA);
            f.arrivals = 1;
            acc.add(f);
        }
        for (double v : e2e) {
            Fact f = Fact.at(T0, NO_REPLICA);
            f.finishes = 1;
            f.e2eMs = v;
            f.errorClass = error;
            f.promptTokens = 10;
            acc.add(f);
        }
        return acc.toMetrics(KEY, T0 + slot * 10_000L, 10, max, mean, end);
    }

    @Test
    void oneMinuteIsMergedFromTenSecondResults() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, RequestMetrics, RequestMetrics> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new RollupFunction(60, 10, 0), GroupKey::of, Types.STRING);
        List<RequestMetrics> parts =
                List.of(
                        partial(0, 3, null, new double[] {100, 200}, 2, 1.5, 2),
                        partial(2, 1, "timeout", new double[] {300}, 3, 2.0, 1),
                        partial(5, 2, null, new double[] {400}, 1, 0.5, 1),
                        partial(6, 9, null, new double[] {999}, 9, 9.0, 9)); // next minute
        for (RequestMetrics p : parts) {
            harness.processElement(new StreamRecord<>(p, p.windowEndMs() - 1));
        }
        harness.processWatermark(new Watermark(T0_PLUS_60S - 2));
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(new Watermark(T0_PLUS_60S - 1));

        List<RequestMetrics> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        RequestMetrics m = out.get(0);
        assertThat(m.windowStartMs()).isEqualTo(T0);
        assertThat(m.windowS()).isEqualTo(60);
        assertThat(m.labels()).isEqualTo(NO_REPLICA);
        assertThat(m.arrivals()).isEqualTo(6);
        assertThat(m.rps()).isEqualTo(0.1);
        assertThat(m.finishes()).isEqualTo(4);
        assertThat(m.errorsByClass()).isEqualTo(Map.of("timeout", 1L));
        assertThat(m.errorRate()).isEqualTo(0.25);
        assertThat(m.promptTokens()).isEqualTo(40);
        assertThat(m.inflightMax()).isEqualTo(3);
        assertThat(m.inflightMean()).isCloseTo((1.5 + 2.0 + 0.5) * 10 / 60, within(1e-12));
        assertThat(m.inflightEnd()).isEqualTo(1);

        Distribution all = new Distribution();
        for (double v : new double[] {100, 200, 300, 400}) {
            all.add(v);
        }
        assertThat(m.e2eMs()).isEqualTo(all.toQuantiles());

        harness.processWatermark(new Watermark(T0_PLUS_60S + 60_000));
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.close();
    }
}
