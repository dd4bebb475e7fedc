package io.inferscope.jobs.gpu;

import static io.inferscope.jobs.gpu.GpuFixtures.BARE_N1;
import static io.inferscope.jobs.gpu.GpuFixtures.GB;
import static io.inferscope.jobs.gpu.GpuFixtures.LLAMA_N1;
import static io.inferscope.jobs.gpu.GpuFixtures.T0;
import static io.inferscope.jobs.gpu.GpuFixtures.sample;
import static io.inferscope.jobs.gpu.GpuFixtures.util;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GpuRollupFunctionTest {
    private static final long FIRE = T0 + 10_000 - 1;

    private KeyedOneInputStreamOperatorTestHarness<String, GpuWindow, GpuMetrics> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new GpuRollupFunction(10_000, 0), w -> w.rollupKey, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static GpuWindow window(String uuid, Labels labels, double... utilization) {
        GpuWindow w = GpuWindow.forGpu(uuid, T0);
        for (int i = 0; i < utilization.length; i++) {
            w.add(util(uuid, T0 + i, labels, utilization[i]));
        }
        return w;
    }

    /** The per-GPU windows as RollupKeys routes them. */
    private List<GpuWindow> routed(GpuWindow... windows) {
        List<GpuWindow> out = new ArrayList<>();
        for (GpuWindow w : windows) {
            new RollupKeys()
                    .flatMap(
                            w,
                            new org.apache.flink.util.Collector<>() {
                                @Override
                                public void collect(GpuWindow r) {
                                    out.add(r);
                                }

                                @Override
                                public void close() {}
                            });
        }
        return out;
    }

    @Test
    void rollupP95IsOverTheUnionOfSamplesNotTheMaxOfPerGpuP95s() throws Exception {
        // GPU a: 20 samples of 10 (p95 10). GPU b: 9 of 90 and one 95 (p95 95).
        double[] a = new double[20];
        java.util.Arrays.fill(a, 10.0);
        GpuWindow wa = window("a", LLAMA_N1, a);
        wa.add(sample("a", T0 + 50, LLAMA_N1, null, 20 * GB, 60.0, 100.0));
        GpuWindow wb = window("b", BARE_N1, 90, 90, 90, 90, 90, 90, 90, 90, 90, 95);
        wb.add(sample("b", T0 + 60, BARE_N1, null, 60 * GB, 70.0, 300.0));
        for (GpuWindow w : routed(wa, wb)) {
            harness.processElement(new StreamRecord<>(w, FIRE));
        }
        harness.processWatermark(new Watermark(FIRE));

        List<GpuMetrics> out = harness.extractOutputValues();
        GpuMetrics node =
                out.stream().filter(m -> m.scope() == Scope.NODE).findFirst().orElseThrow();
        assertThat(node.labels()).isEqualTo(new Labels("c1", null, null, null, null, "n1"));
        assertThat(node.gpus()).isEqualTo(2);
        assertThat(node.samples()).isEqualTo(32);
        // 30 values: 20 × 10, 9 × 90, 1 × 95; the 29th (ceil 0.95 × 30) is 90, not max(10, 95).
        assertThat(node.utilizationP95()).isEqualTo(90.0);
        assertThat(node.utilizationMean()).isCloseTo(1_105.0 / 30, within(1e-9));
        assertThat(node.utilizationMax()).isEqualTo(95.0);
        assertThat(node.memoryUsedMaxBytes()).isEqualTo(80 * GB); // 20 + 60: sum of peaks
        assertThat(node.memoryTotalBytes()).isEqualTo(160 * GB);
        assertThat(node.memoryUsedRatioMax()).isEqualTo(0.75); // the fullest GPU
        assertThat(node.temperatureMaxC()).isEqualTo(70.0);
        assertThat(node.powerMeanW()).isEqualTo(200.0);
        assertThat(node.gpuUuid()).isNull();

        // Only GPU a is attributed to a deployment.
        GpuMetrics deployment =
                out.stream().filter(m -> m.scope() == Scope.DEPLOYMENT).findFirst().orElseThrow();
        assertThat(deployment.labels())
                .isEqualTo(new Labels("c1", "serving", "llama", null, null, null));
        assertThat(deployment.gpus()).isEqualTo(1);
        assertThat(deployment.utilizationP95()).isEqualTo(10.0);
        assertThat(out).hasSize(2);
        assertThat(out)
                .extracting(RollupKeys::kafkaKey)
                .containsExactlyInAnyOrder("n1", "serving/llama");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
