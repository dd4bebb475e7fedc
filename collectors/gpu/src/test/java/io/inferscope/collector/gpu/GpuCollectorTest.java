package io.inferscope.collector.gpu;

import static io.inferscope.collector.gpu.FakeNvml.UUID_0;
import static io.inferscope.collector.gpu.FakeNvml.UUID_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector over the real JNA path, against the fake NVML library. */
class GpuCollectorTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long GIB = 1L << 30;

    private static Path lib;
    private FakeNvml.Control fake;
    private final CollectingSink sink = new CollectingSink();
    private GpuCollector collector;

    @BeforeAll
    static void buildFake() {
        lib = FakeNvml.library();
    }

    @BeforeEach
    void resetFake() {
        fake = FakeNvml.control(lib);
    }

    @AfterEach
    void closeCollector() {
        if (collector != null) {
            collector.close();
        }
        assertThat(sink.problems()).isEmpty();
    }

    /** Starts on {@code library}; the first sample is taken at once, the next ones by hand. */
    private GpuCollector start(Path library, Attribution attribution) throws Exception {
        GpuCollectorConfig config =
                GpuCollectorConfig.defaults()
                        .withNvmlLibrary(library.toString())
                        .withInterval(Duration.ofHours(1))
                        .withXidWaitTimeout(Duration.ofMillis(50))
                        .withLabels("c1", "node-1")
                        .withAttribution(attribution);
        collector = GpuCollector.start(config, sink);
        assertThat(sink.await(r -> true, 2, WAIT)).hasSize(2);
        return collector;
    }

    private GpuCollector start() throws Exception {
        return start(lib, Attribution.NONE);
    }

    @Test
    void samplesEveryGpuInRecordUnits() throws Exception {
        fake.fake_set_util(0, 87, 61);
        fake.fake_set_memory(0, 80 * GIB, GIB / 2, 72 * GIB);
        fake.fake_set_temperature(0, 71);
        fake.fake_set_power(0, 342_187, 400_000);
        fake.fake_set_sm_clock(0, 1410);
        start();

        GpuRecord r = sink.of(UUID_0, GpuRecord.Type.SAMPLE).get(0);
        assertThat(r.gpuIndex()).isZero();
        assertThat(r.gpuName()).isEqualTo(FakeNvml.NAME);
        assertThat(r.labels().cluster()).isEqualTo("c1");
        assertThat(r.labels().node()).isEqualTo("node-1");
        assertThat(r.labels().namespace()).isNull();
        assertThat(r.utilizationGpuPct()).isEqualTo(87.0);
        assertThat(r.utilizationMemoryPct()).isEqualTo(61.0);
        assertThat(r.memoryTotalBytes()).isEqualTo(80 * GIB);
        assertThat(r.memoryUsedBytes()).isEqualTo(72 * GIB);
        assertThat(r.memoryFreeBytes()).isEqualTo(8 * GIB);
        assertThat(r.temperatureC()).isEqualTo(71.0);
        assertThat(r.powerW()).isEqualTo(342.187); // milliwatts -> watts
        assertThat(r.powerLimitW()).isEqualTo(400.0);
        assertThat(r.smClockMhz()).isEqualTo(1410);
        assertThat(r.xid()).isNull();
        assertThat(sink.of(UUID_1, GpuRecord.Type.SAMPLE)).hasSize(1);
        // v2 answered (the fake rejects a wrong struct version), so v1 was never needed
        assertThat(fake.fake_call_count("nvmlDeviceGetMemoryInfo_v2")).isEqualTo(2);
        assertThat(fake.fake_call_count("nvmlDeviceGetMemoryInfo")).isZero();
        assertThat(collector.metrics().nvmlErrors()).isEmpty();
        assertThat(collector.metrics().samples()).isEqualTo(2);
        assertThat(collector.metrics().gpus()).isEqualTo(2);
    }

    @Test
    void memoryFallsBackToV1WhenTheGpuDoesNotSupportV2() throws Exception {
        fake.fake_set_not_supported(0, "memory_v2");
        fake.fake_set_memory(0, 40 * GIB, 0, 10 * GIB);
        start();

        GpuRecord r = sink.of(UUID_0, GpuRecord.Type.SAMPLE).get(0);
        assertThat(r.memoryTotalBytes()).isEqualTo(40 * GIB);
        assertThat(r.memoryUsedBytes()).isEqualTo(10 * GIB);
        assertThat(r.memoryFreeBytes()).isEqualTo(30 * GIB);
        assertThat(fake.fake_call_count("nvmlDeviceGetMemoryInfo")).isEqualTo(1);
        assertThat(collector.metrics().nvmlErrors()).isEmpty();
    }

    @Test
    void memoryFallsBackToV1WhenTheDriverLacksTheV2Symbol() throws Exception {
        Path old = FakeNvml.libraryWithoutMemoryV2();
        FakeNvml.Control oldFake = FakeNvml.control(old);
        oldFake.fake_set_memory(1, 24 * GIB, 0, 20 * GIB);
        start(old, Attribution.NONE);
        collector.sampleNow();

        List<GpuRecord> samples = sink.of(UUID_1, GpuRecord.Type.SAMPLE);
        assertThat(samples).hasSize(2);
        assertThat(samples).allSatisfy(r -> assertThat(r.memoryUsedBytes()).isEqualTo(20 * GIB));
        assertThat(samples.get(0).memoryFreeBytes()).isEqualTo(4 * GIB);
        assertThat(oldFake.fake_call_count("nvmlDeviceGetMemoryInfo")).isEqualTo(4);
    }

    @Test
    void unsupportedFieldsAreAbsentNeverZero() throws Exception {
        for (String field :
                List.of(
                        "utilization",
                        "memory_v2",
                        "memory",
                        "temperature",
                        "power",
                        "power_limit",
                        "sm_clock")) {
            assertThat(fake.fake_set_not_supported(1, field)).isZero();
        }
        start();

        String json = json(sink.of(UUID_1, GpuRecord.Type.SAMPLE).get(0));
        assertThat(json).contains("\"gpu_uuid\":\"" + UUID_1 + "\"");
        assertThat(json)
                .doesNotContain(
                        "utilization_gpu_pct",
                        "utilization_memory_pct",
                        "memory_total_bytes",
                        "memory_used_bytes",
                        "memory_free_bytes",
                        "temperature_c",
                        "power_w",
                        "power_limit_w",
                        "sm_clock_mhz");
        // the other GPU keeps every field; NOT_SUPPORTED is a capability, not an error
        assertThat(json(sink.of(UUID_0, GpuRecord.Type.SAMPLE).get(0)))
                .contains("utilization_gpu_pct", "memory_used_bytes", "power_w", "sm_clock_mhz");
        assertThat(collector.metrics().nvmlErrors()).isEmpty();
    }

    @Test
    void otherFailuresLeaveTheFieldOutAndAreCountedByCode() throws Exception {
        fake.fake_set_field_result(0, "temperature", NvmlReturn.UNKNOWN);
        fake.fake_set_field_result(0, "power", NvmlReturn.NO_PERMISSION);
        start();
        collector.sampleNow();

        GpuRecord r = sink.of(UUID_0, GpuRecord.Type.SAMPLE).get(1);
        assertThat(r.temperatureC()).isNull();
        assertThat(r.powerW()).isNull();
        assertThat(r.utilizationGpuPct()).isNotNull();
        assertThat(collector.metrics().nvmlErrors())
                .isEqualTo(Map.of(NvmlReturn.UNKNOWN, 2L, NvmlReturn.NO_PERMISSION, 2L));
    }

    @Test
    void aLostGpuStopsBeingSampledWhileTheOthersGoOn() throws Exception {
        start();
        fake.fake_set_lost(0);
        collector.sampleNow();
        collector.sampleNow();

        assertThat(sink.of(UUID_0, GpuRecord.Type.SAMPLE)).hasSize(1);
        assertThat(sink.of(UUID_1, GpuRecord.Type.SAMPLE)).hasSize(3);
        assertThat(collector.metrics().gpusLost()).isEqualTo(1);
        assertThat(collector.metrics().gpus()).isEqualTo(1);
        // one failed call: the lost GPU is not asked again
        assertThat(collector.metrics().nvmlErrors()).isEqualTo(Map.of(NvmlReturn.GPU_IS_LOST, 1L));
    }

    @Test
    void anXidEventBecomesAnXidRecord() throws Exception {
        start();
        fake.fake_push_xid(1, 79);

        List<GpuRecord> xids = sink.await(r -> r.type() == GpuRecord.Type.XID, 1, WAIT);
        assertThat(xids).hasSize(1);
        GpuRecord x = xids.get(0);
        assertThat(x.gpuUuid()).isEqualTo(UUID_1);
        assertThat(x.gpuIndex()).isEqualTo(1);
        assertThat(x.xid()).isEqualTo(79);
        assertThat(x.labels().node()).isEqualTo("node-1");
        assertThat(x.utilizationGpuPct()).isNull();
        assertThat(collector.metrics().xidEvents()).isEqualTo(1);
        assertThat(fake.fake_call_count("nvmlDeviceRegisterEvents")).isEqualTo(2);
    }

    @Test
    void closeStopsTheXidThreadThenFreesTheSetAndShutsNvmlDown() throws Exception {
        start();
        long t0 = System.nanoTime();
        collector.close();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(fake.fake_call_count("nvmlEventSetFree")).isEqualTo(1);
        assertThat(fake.fake_call_count("nvmlShutdown")).isEqualTo(1);
        assertThat(fake.fake_is_initialized()).isZero();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("inferscope-gpu-") && t.isAlive());
    }

    @Test
    void attributedGpusCarryTheirPod(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("attribution.json");
        Files.writeString(
                file,
                "{\""
                        + UUID_1
                        + "\": {\"namespace\": \"llm\", \"pod\": \"vllm-6d9f7c8b5-k2x7p\","
                        + " \"container\": \"vllm\", \"deployment\": \"vllm\"}}",
                StandardCharsets.UTF_8);
        start(lib, StaticFileAttribution.load(file));

        GpuRecord held = sink.of(UUID_1, GpuRecord.Type.SAMPLE).get(0);
        assertThat(held.labels().namespace()).isEqualTo("llm");
        assertThat(held.labels().deployment()).isEqualTo("vllm");
        assertThat(held.labels().replica()).isEqualTo("vllm-6d9f7c8b5-k2x7p");
        assertThat(held.labels().node()).isEqualTo("node-1");
        assertThat(held.container()).isEqualTo("vllm");
        GpuRecord free = sink.of(UUID_0, GpuRecord.Type.SAMPLE).get(0);
        assertThat(free.labels().namespace()).isNull();
        assertThat(free.container()).isNull();
    }

    @Test
    void nvmlThatFailsToInitializeIsUnavailable() {
        fake.fake_set_init_result(NvmlReturn.DRIVER_NOT_LOADED);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                GpuCollector.start(
                                        GpuCollectorConfig.defaults()
                                                .withNvmlLibrary(lib.toString()),
                                        sink))
                .isInstanceOf(NvmlUnavailableException.class)
                .hasMessageContaining("NVML_ERROR_DRIVER_NOT_LOADED (9)")
                .hasMessageContaining("no NVIDIA driver on this machine?");
    }

    private static String json(GpuRecord r) {
        return new String(Topics.RAW_GPU.codec().encode(r), StandardCharsets.UTF_8);
    }
}
