package io.inferscope.jobs.gpu;

import static io.inferscope.jobs.gpu.GpuFixtures.GB;
import static io.inferscope.jobs.gpu.GpuFixtures.LLAMA_N1;
import static io.inferscope.jobs.gpu.GpuFixtures.T0;
import static io.inferscope.jobs.gpu.GpuFixtures.sample;
import static io.inferscope.jobs.gpu.GpuFixtures.util;
import static io.inferscope.jobs.gpu.GpuFixtures.xid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Scope;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GpuWindowFunctionTest {
    private static final long LATENESS = 2_000;

    private KeyedOneInputStreamOperatorTestHarness<String, Ingested<GpuRecord>, GpuWindow> harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        JobConfig config = JobConfig.builder().allowedLateness(Duration.ofMillis(LATENESS)).build();
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new GpuWindowFunction("gpu-metrics", config, () -> T0),
                        in -> in.record.gpuUuid(),
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(GpuRecord... records) throws Exception {
        for (GpuRecord r : records) {
            harness.processElement(
                    new StreamRecord<>(Ingested.ok("raw.gpu", 0, offset++, r), r.tsMs()));
        }
    }

    private List<GpuMetrics> metrics() {
        return harness.extractOutputValues().stream().map(w -> w.toMetrics(Scope.GPU, 10)).toList();
    }

    @Test
    void windowStatsAreExactAndTheWindowIsClearedWhenEmitted() throws Exception {
        // 20 utilization samples 5, 10, ..., 100 spread over the window; memory/temp/power on some.
        for (int i = 1; i <= 20; i++) {
            send(util("g1", T0 + i * 400L, LLAMA_N1, 5.0 * i));
        }
        send(
                sample("g1", T0 + 100, LLAMA_N1, null, 20 * GB, 60.0, 200.0),
                sample("g1", T0 + 200, LLAMA_N1, null, 60 * GB, 71.5, 300.0),
                sample("g1", T0 + 300, LLAMA_N1, null, 40 * GB, 65.0, null));
        harness.processWatermark(new Watermark(T0 + 10_000 - 1 + LATENESS - 1));
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(new Watermark(T0 + 10_000 - 1 + LATENESS));

        List<GpuMetrics> out = metrics();
        assertThat(out).hasSize(1);
        GpuMetrics m = out.get(0);
        assertThat(m.windowStartMs()).isEqualTo(T0);
        assertThat(m.scope()).isEqualTo(Scope.GPU);
        assertThat(m.gpuUuid()).isEqualTo("g1");
        assertThat(m.labels()).isEqualTo(LLAMA_N1);
        assertThat(m.gpus()).isEqualTo(1);
        assertThat(m.samples()).isEqualTo(23);
        assertThat(m.utilizationMean()).isCloseTo(52.5, within(1e-9)); // (5 + 100) / 2
        assertThat(m.utilizationMax()).isEqualTo(100.0);
        assertThat(m.utilizationP95()).isEqualTo(95.0); // nearest rank: the 19th of 20
        assertThat(m.memoryUsedMaxBytes()).isEqualTo(60 * GB);
        assertThat(m.memoryTotalBytes()).isEqualTo(80 * GB);
        assertThat(m.memoryUsedRatioMax()).isEqualTo(0.75);
        assertThat(m.temperatureMaxC()).isEqualTo(71.5);
        assertThat(m.powerMeanW()).isEqualTo(250.0); // the sample without power is not a zero
        assertThat(m.xidErrors()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void xidErrorsAreCountedPerWindowEvenWithoutSamples() throws Exception {
        send(
                util("g1", T0 + 1_000, LLAMA_N1, 50.0),
                xid("g1", T0 + 2_000, LLAMA_N1, 79),
                xid("g1", T0 + 3_000, LLAMA_N1, 48),
                xid("g1", T0 + 12_000, LLAMA_N1, 79));
        harness.processWatermark(new Watermark(T0 + 30_000));

        List<GpuMetrics> out = metrics();
        assertThat(out).extracting(GpuMetrics::windowStartMs).containsExactly(T0, T0 + 10_000);
        assertThat(out).extracting(GpuMetrics::xidErrors).containsExactly(2L, 1L);
        assertThat(out).extracting(GpuMetrics::samples).containsExactly(1L, 0L);
        assertThat(out.get(1).utilizationMean()).isNull();
        assertThat(out.get(1).utilizationP95()).isNull();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void lateRecordGoesToDeadLetter() throws Exception {
        send(util("g1", T0 + 1_000, LLAMA_N1, 50.0));
        harness.processWatermark(new Watermark(T0 + 10_000 - 1 + LATENESS));
        send(util("g1", T0 + 9_000, LLAMA_N1, 99.0));

        assertThat(metrics()).extracting(GpuMetrics::utilizationMax).containsExactly(50.0);
        List<DeadLetter> dead =
                harness.getSideOutput(DeadLetters.TAG).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).startsWith("late:");
        assertThat(dead.get(0).source()).isEqualTo("gpu-metrics");
        assertThat(dead.get(0).offset()).isEqualTo(1L);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
