package io.inferscope.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Topics;
import io.inferscope.simulator.ReplicaStats;
import org.junit.jupiter.api.Test;

class GpuSamplesTest {
    private static final SimDeployment DEP = SimDeployment.DEMO;
    private static final long T0 = 1_773_756_300_000L;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private static ReplicaStats stats(int active, int queued, double kvFill, boolean down) {
        return new ReplicaStats("llama-7b-0", 8, active, queued, 0, 0, 0, 0, 0, 0, kvFill, down);
    }

    @Test
    void utilizationFollowsBatchOccupancy() {
        double idle = GpuSamples.utilizationPct(stats(0, 0, 0, false), 0);
        double quarter = GpuSamples.utilizationPct(stats(2, 0, 0.1, false), 0);
        double half = GpuSamples.utilizationPct(stats(4, 0, 0.2, false), 0);
        double full = GpuSamples.utilizationPct(stats(8, 5, 0.6, false), 0);

        assertThat(idle).isZero();
        assertThat(quarter).isLessThan(half);
        assertThat(half).isCloseTo(51, within(1.0));
        assertThat(full).isLessThan(half + 50).isGreaterThan(95).isLessThanOrEqualTo(100);
    }

    @Test
    void noiseMovesUtilizationByAFewPointsWithinBounds() {
        ReplicaStats s = stats(8, 3, 0.5, false);
        assertThat(GpuSamples.utilizationPct(s, 1)).isEqualTo(100);
        assertThat(GpuSamples.utilizationPct(s, -1))
                .isCloseTo(GpuSamples.utilizationPct(s, 0) - 3, within(0.11));
    }

    @Test
    void memoryIsWeightsPlusTheKvCacheInUse() {
        long empty = GpuSamples.memoryUsedBytes(stats(0, 0, 0, false), false);
        long half = GpuSamples.memoryUsedBytes(stats(4, 0, 0.5, false), false);
        long full = GpuSamples.memoryUsedBytes(stats(8, 0, 1.0, false), false);

        assertThat(empty / GIB).isCloseTo(16, within(0.01));
        assertThat(half / GIB).isCloseTo(16 + 27.5, within(0.01));
        assertThat(full / GIB).isCloseTo(16 + 55, within(0.01));
        assertThat(full / (double) GpuSamples.MEMORY_TOTAL).isLessThan(0.90);
    }

    @Test
    void memoryPressureFillsTheCardToNinetySevenPercent() {
        GpuRecord r =
                GpuSamples.sample(
                        DEP, "llama-7b-2", "node-2", stats(1, 0, 0.05, false), true, 0, T0);

        double ratio = r.memoryUsedBytes() / (double) r.memoryTotalBytes();
        assertThat(ratio).isCloseTo(0.97, within(0.001)).isGreaterThanOrEqualTo(0.95);
        assertThat(r.memoryFreeBytes()).isEqualTo(r.memoryTotalBytes() - r.memoryUsedBytes());
    }

    @Test
    void aDownReplicaHoldsNoMemoryAndDoesNoWork() {
        GpuRecord r =
                GpuSamples.sample(
                        DEP, "llama-7b-1", "node-1", stats(0, 0, 0, true), false, 0.5, T0);

        assertThat(r.utilizationGpuPct()).isZero();
        assertThat(r.memoryUsedBytes()).isZero();
        assertThat(r.smClockMhz()).isLessThan(1000);
    }

    @Test
    void temperatureAndPowerFollowUtilization() {
        GpuRecord idle =
                GpuSamples.sample(DEP, "llama-7b-0", "node-0", stats(0, 0, 0, false), false, 0, T0);
        GpuRecord busy =
                GpuSamples.sample(
                        DEP, "llama-7b-0", "node-0", stats(8, 2, 0.7, false), false, 0, T0);

        assertThat(busy.temperatureC()).isGreaterThan(idle.temperatureC() + 30);
        assertThat(busy.powerW()).isGreaterThan(idle.powerW() + 400);
        assertThat(busy.powerW()).isLessThanOrEqualTo(busy.powerLimitW());
    }

    @Test
    void sampleIsAttributedToItsPodWithAStableUuidAndPassesTheCodec() throws Exception {
        GpuRecord r =
                GpuSamples.sample(
                        DEP, "llama-7b-0", "node-0", stats(3, 0, 0.3, false), false, 0.2, T0);

        assertThat(r.gpuUuid())
                .startsWith("GPU-")
                .isEqualTo(GpuSamples.uuidFor(DEP, "llama-7b-0"))
                .isNotEqualTo(GpuSamples.uuidFor(DEP, "llama-7b-1"));
        assertThat(r.gpuName()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(r.labels().replica()).isEqualTo("llama-7b-0");
        assertThat(r.labels().node()).isEqualTo("node-0");
        assertThat(r.labels().namespace()).isEqualTo("demo");
        assertThat(r.labels().deployment()).isEqualTo("llm-chat");
        assertThat(r.labels().cluster()).isEqualTo("local");
        var codec = Topics.RAW_GPU.codec();
        assertThat(codec.decode(codec.encode(r))).isEqualTo(r);
    }
}
