package io.inferscope.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Kind;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.simulator.FleetConfig;
import io.inferscope.simulator.FleetSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario against a real simulated fleet (HTTP on loopback) at 0.05× speed: the incidents
 * happen in order, the crash-looping replica's server is really down meanwhile, and the records
 * describe each incident.
 */
class DemoScenarioTest {
    private static final double SCALE = 0.05; // crash 3–5 s, pressure 5–7 s, scale-down 7.5 s

    private static final class Collecting implements RecordSink {
        final List<Object> records = new CopyOnWriteArrayList<>();

        @Override
        public <T> boolean publish(TopicSpec<T> topic, String key, T record) {
            records.add(record);
            return true;
        }

        List<K8sRecord> k8s() {
            return records.stream()
                    .filter(K8sRecord.class::isInstance)
                    .map(K8sRecord.class::cast)
                    .toList();
        }

        List<GpuRecord> gpu(String pod) {
            return records.stream()
                    .filter(GpuRecord.class::isInstance)
                    .map(GpuRecord.class::cast)
                    .filter(r -> pod.equals(r.labels().replica()))
                    .toList();
        }
    }

    @Test
    void incidentsPlayInOrderAndTheCrashingServerIsReallyDown(@TempDir Path logDir)
            throws Exception {
        Collecting sink = new Collecting();
        SimulatedLogs logs =
                new SimulatedLogs(logDir, SimDeployment.DEMO, System::currentTimeMillis);
        StringWriter text = new StringWriter();
        ScenarioTimeline timeline = ScenarioTimeline.defaults().scaled(SCALE);
        boolean downDuringCrash;
        try (FleetSimulator fleet = FleetSimulator.start(FleetConfig.of(3));
                DemoScenario scenario =
                        DemoScenario.start(
                                fleet,
                                sink,
                                SimDeployment.DEMO,
                                timeline,
                                true,
                                new PrintWriter(text, true),
                                logs)) {
            Thread.sleep(timeline.crashAt().plusMillis(800).toMillis());
            downDuringCrash = fleet.replica(1).isDown();
            Thread.sleep(
                    timeline.storyEnd().minus(timeline.crashAt()).plusMillis(1_000).toMillis());
            assertThat(fleet.replica(1).isDown()).isFalse();
            assertThat(scenario.plan()).contains("llama-7b-1 crash-loops", "llama-7b-2");
        }

        assertThat(downDuringCrash).isTrue();
        assertThat(text.toString().lines().filter(l -> l.startsWith("[incident] ")).toList())
                .extracting(l -> l.substring(11, 30))
                .containsSubsequence(
                        "hpa scale-up llm-ch",
                        "crash-loop llama-7b",
                        "crash-loop llama-7b",
                        "gpu-memory-pressure",
                        "gpu-memory-pressure",
                        "hpa scale-down llm-");
        List<K8sRecord> events = sink.k8s().stream().filter(r -> r.kind() == Kind.EVENT).toList();
        assertThat(events)
                .extracting(r -> r.event().reason())
                .contains("ScalingReplicaSet", "FailedScheduling", "Scheduled", "BackOff");
        assertThat(sink.k8s())
                .filteredOn(r -> r.kind() == Kind.POD && r.name().equals("llama-7b-1"))
                .extracting(r -> r.pod().containers().get(0).restartCount())
                .contains(0)
                .anyMatch(n -> n >= 2);
        assertThat(sink.gpu("llama-7b-2"))
                .anyMatch(r -> r.memoryUsedBytes() >= 0.95 * r.memoryTotalBytes());
        assertThat(sink.gpu("llama-7b-1")).anyMatch(r -> r.memoryUsedBytes() == 0);
        assertThat(sink.gpu("llama-7b-0"))
                .allMatch(r -> r.memoryUsedBytes() < 0.95 * r.memoryTotalBytes());
        assertThat(sink.gpu("llama-7b-3")).isNotEmpty();

        // Container logs as the kubelet writes them: one file per container start of the
        // crash-looping pod, every line in CRI format, errors where the incidents were.
        List<Path> crashFiles = logFiles(logDir, "demo_llama-7b-1_");
        assertThat(crashFiles).hasSizeGreaterThanOrEqualTo(3);
        assertThat(read(crashFiles)).anyMatch(l -> l.contains("stderr F RuntimeError: CUDA error"));
        assertThat(read(logFiles(logDir, "demo_llama-7b-2_")))
                .anyMatch(l -> l.contains("CUDA out of memory") && l.contains("\"request_id\""));
        assertThat(read(logFiles(logDir, "demo_llama-7b-0_")))
                .anyMatch(l -> l.contains("Avg generation throughput"))
                .noneMatch(l -> l.contains("CUDA"));
        assertThat(read(logFiles(logDir, "demo_")))
                .isNotEmpty()
                .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]{18}Z std(out|err) F .+"));
    }

    private static List<Path> logFiles(Path root, String podDirPrefix) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(
                            f ->
                                    f.getParent()
                                            .getParent()
                                            .getFileName()
                                            .toString()
                                            .startsWith(podDirPrefix))
                    .filter(f -> f.getParent().getFileName().toString().equals("vllm"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> read(List<Path> files) throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (Path f : files) {
            lines.addAll(Files.readAllLines(f));
        }
        return lines;
    }
}
