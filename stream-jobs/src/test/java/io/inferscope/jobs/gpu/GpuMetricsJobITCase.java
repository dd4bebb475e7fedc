package io.inferscope.jobs.gpu;

import static io.inferscope.jobs.common.JobIt.record;
import static io.inferscope.jobs.gpu.GpuFixtures.BARE_N1;
import static io.inferscope.jobs.gpu.GpuFixtures.GB;
import static io.inferscope.jobs.gpu.GpuFixtures.LLAMA_N1;
import static io.inferscope.jobs.gpu.GpuFixtures.LLAMA_N2;
import static io.inferscope.jobs.gpu.GpuFixtures.sample;
import static io.inferscope.jobs.gpu.GpuFixtures.util;
import static io.inferscope.jobs.gpu.GpuFixtures.xid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobIt;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The GPU job on a MiniCluster (parallelism 2) against a real broker: three GPUs on two nodes, two
 * of them attributed to one deployment, over two windows, give exactly the hand-computed per-GPU,
 * node and deployment records; a malformed record becomes a dead letter. Output read_committed.
 */
class GpuMetricsJobITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = JobIt.miniCluster();

    /**
     * What one record must hold: gpus, samples, mean, max, p95, mem max, ratio, temp, power, xid.
     */
    record Expect(
            int gpus,
            long samples,
            double mean,
            double max,
            double p95,
            long memMax,
            long memTotal,
            double ratio,
            double temp,
            double power,
            long xid) {}

    private static String id(GpuMetrics m, long t0) {
        return (m.windowStartMs() - t0) / 1000 + "s " + RollupKeys.kafkaKey(m);
    }

    @Test
    void threeGpusGiveExactlyTheExpectedGpuNodeAndDeploymentWindows() throws Exception {
        final long t0 = JobIt.recentT0();
        JobConfig config = JobIt.config(KAFKA, "gpu").build();
        TopicSpec<GpuRecord> raw = JobIt.topic(KAFKA, "it.gpu.raw", GpuRecord.class, 2);
        TopicSpec<GpuMetrics> metrics = JobIt.topic(KAFKA, "it.gpu.metrics", GpuMetrics.class, 2);
        TopicSpec<DeadLetter> dead = JobIt.topic(KAFKA, "it.gpu.deadletter", DeadLetter.class, 1);

        // g1 (n1, llama) and g3 (n2, llama) on partition 0, g2 (n1, no pod) on 1; each in order.
        List<ProducerRecord<byte[], byte[]>> in = new ArrayList<>();
        in.add(
                record(
                        raw,
                        0,
                        "g1",
                        sample("g1", t0 + 1_000, LLAMA_N1, 10.0, 20 * GB, 50.0, 100.0)));
        in.add(
                record(
                        raw,
                        0,
                        "g1",
                        sample("g1", t0 + 3_000, LLAMA_N1, 20.0, 40 * GB, 60.0, 200.0)));
        in.add(
                record(
                        raw,
                        0,
                        "g1",
                        sample("g1", t0 + 5_000, LLAMA_N1, 60.0, 30 * GB, 55.0, 300.0)));
        in.add(record(raw, 0, "g3", sample("g3", t0 + 7_000, LLAMA_N2, 0.0, GB, 40.0, 50.0)));
        in.add(record(raw, 0, "g1", util("g1", t0 + 11_000, LLAMA_N1, 50.0)));
        in.add(record(raw, 1, "g2", sample("g2", t0 + 2_000, BARE_N1, 90.0, 70 * GB, 70.0, 400.0)));
        in.add(
                record(
                        raw,
                        1,
                        "g2",
                        sample("g2", t0 + 4_000, BARE_N1, 100.0, 70 * GB, 70.0, 400.0)));
        in.add(record(raw, 1, "g2", xid("g2", t0 + 6_000, BARE_N1, 79)));
        in.add(
                new ProducerRecord<>(
                        raw.name(),
                        1,
                        null,
                        "{\"type\":\"sample\",".getBytes(StandardCharsets.UTF_8)));
        in.add(record(raw, 1, "g2", util("g2", t0 + 12_000, BARE_N1, 100.0)));
        JobIt.produce(KAFKA, in);

        StreamExecutionEnvironment env = JobIt.environment();
        new GpuMetricsJob(
                        JobIt.source(config, raw, GpuRecord::tsMs, GpuMetricsJob.NAME, true),
                        GpuMetricsJob.metricsSink(config, metrics),
                        GpuMetricsJob.deadLetterSink(config, dead),
                        config)
                .build(env);
        env.execute("gpu-expected");

        long m = GB;
        Map<String, Expect> expected =
                Map.of(
                        "0s g1", new Expect(1, 3, 30, 60, 60, 40 * m, 80 * m, 0.5, 60, 200, 0),
                        "0s g2", new Expect(1, 2, 95, 100, 100, 70 * m, 80 * m, 0.875, 70, 400, 1),
                        "0s g3", new Expect(1, 1, 0, 0, 0, m, 80 * m, 0.0125, 40, 50, 0),
                        // n1 = g1 + g2: samples 10 20 60 90 100; the 5th of 5 is the p95
                        "0s n1",
                                new Expect(2, 5, 56, 100, 100, 110 * m, 160 * m, 0.875, 70, 280, 1),
                        "0s n2", new Expect(1, 1, 0, 0, 0, m, 80 * m, 0.0125, 40, 50, 0),
                        // llama = g1 + g3: 10 20 60 0; power (600 + 50) / 4
                        "0s serving/llama",
                                new Expect(2, 4, 22.5, 60, 60, 41 * m, 160 * m, 0.5, 60, 162.5, 0));
        List<GpuMetrics> out = JobIt.readAll(KAFKA, metrics);
        Map<String, GpuMetrics> byId =
                out.stream().collect(Collectors.toMap(r -> id(r, t0), Function.identity()));
        assertThat(out).hasSize(10); // no duplicates (toMap would have thrown) and nothing else
        assertThat(byId.keySet())
                .containsExactlyInAnyOrder(
                        "0s g1",
                        "0s g2",
                        "0s g3",
                        "0s n1",
                        "0s n2",
                        "0s serving/llama",
                        "10s g1",
                        "10s g2",
                        "10s n1",
                        "10s serving/llama");
        expected.forEach((id, e) -> check(id, byId.get(id), e));
        assertThat(byId.get("0s n1").scope()).isEqualTo(Scope.NODE);
        assertThat(byId.get("0s serving/llama").scope()).isEqualTo(Scope.DEPLOYMENT);
        assertThat(byId.get("0s g1").scope()).isEqualTo(Scope.GPU);
        assertThat(byId.get("10s n1").utilizationMean()).isEqualTo(75.0);
        assertThat(byId.get("10s n1").gpus()).isEqualTo(2);
        assertThat(byId.get("10s serving/llama").gpus()).isEqualTo(1);
        assertThat(byId.get("10s serving/llama").utilizationP95()).isEqualTo(50.0);

        List<DeadLetter> letters = JobIt.readAll(KAFKA, dead);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).source()).isEqualTo(GpuMetricsJob.NAME);
        assertThat(letters.get(0).sourceTopic()).isEqualTo(raw.name());
        assertThat(letters.get(0).partition()).isEqualTo(1);
        assertThat(letters.get(0).reason()).isNotBlank();
    }

    private static void check(String id, GpuMetrics m, Expect e) {
        assertThat(m).as(id).isNotNull();
        assertThat(m.gpus()).as(id + " gpus").isEqualTo(e.gpus());
        assertThat(m.samples()).as(id + " samples").isEqualTo(e.samples());
        assertThat(m.utilizationMean()).as(id + " mean").isCloseTo(e.mean(), within(1e-9));
        assertThat(m.utilizationMax()).as(id + " max").isEqualTo(e.max());
        assertThat(m.utilizationP95()).as(id + " p95").isEqualTo(e.p95());
        assertThat(m.memoryUsedMaxBytes()).as(id + " mem").isEqualTo(e.memMax());
        assertThat(m.memoryTotalBytes()).as(id + " total").isEqualTo(e.memTotal());
        assertThat(m.memoryUsedRatioMax()).as(id + " ratio").isCloseTo(e.ratio(), within(1e-12));
        assertThat(m.temperatureMaxC()).as(id + " temp").isEqualTo(e.temp());
        assertThat(m.powerMeanW()).as(id + " power").isCloseTo(e.power(), within(1e-9));
        assertThat(m.xidErrors()).as(id + " xid").isEqualTo(e.xid());
        assertThat(m.windowS()).isEqualTo(10);
    }
}
