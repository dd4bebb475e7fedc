package io.inferscope.jobs.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** Per-window line counts by level for a container and its deployment; late lines; state. */
class LogWindowFunctionTest {
    static final long T0 = 1_700_000_000_000L;
    static final Labels POD_A = new Labels("c1", "demo", "llm-chat", null, "llm-chat-a", "n1");
    static final Labels POD_B = new Labels("c1", "demo", "llm-chat", null, "llm-chat-b", "n2");
    static final JobConfig CONFIG =
            JobConfig.builder().allowedLateness(Duration.ofSeconds(5)).build();

    @Test
    void countsLinesByLevelPerContainerAndDeploymentAndClearsState() throws Exception {
        var h = harness();
        feed(h, line(T0 + 1_000, POD_A, LogLine.Level.INFO));
        feed(h, line(T0 + 2_000, POD_A, LogLine.Level.ERROR));
        feed(h, line(T0 + 3_000, POD_B, LogLine.Level.FATAL));
        feed(h, line(T0 + 4_000, POD_B, LogLine.Level.INFO));
        feed(h, line(T0 + 12_000, POD_A, LogLine.Level.WARN));
        h.processWatermark(T0 + 9_999 + 5_000);

        List<LogMetrics> out = h.extractOutputValues();
        assertThat(out).hasSize(3);
        LogMetrics a = find(out, Scope.CONTAINER, "llm-chat-a");
        assertThat(a.lines()).isEqualTo(2);
        assertThat(a.linesByLevel())
                .containsEntry("info", 1L)
                .containsEntry("error", 1L)
                .hasSize(2);
        assertThat(a.errorLines()).isEqualTo(1);
        assertThat(a.errorLinesPerS()).isEqualTo(0.1);
        assertThat(a.container()).isEqualTo("vllm");
        LogMetrics dep = find(out, Scope.DEPLOYMENT, null);
        assertThat(dep.lines()).isEqualTo(4);
        assertThat(dep.errorLines()).isEqualTo(2);
        assertThat(dep.container()).isNull();
        assertThat(dep.labels().replica()).isNull();
        assertThat(LogMetricsJob.kafkaKey(dep)).isEqualTo("demo/llm-chat");
        assertThat(LogMetricsJob.kafkaKey(a)).isEqualTo("demo/llm-chat-a/vllm");

        h.processWatermark(T0 + 19_999 + 5_000);
        assertThat(h.extractOutputValues()).hasSize(5);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aLateLineIsDeadLetteredOnceAndCountedInNeitherScope() throws Exception {
        var h = harness();
        h.processWatermark(T0 + 9_999 + 5_000);
        feed(h, line(T0 + 500, POD_A, LogLine.Level.ERROR));

        assertThat(h.extractOutputValues()).isEmpty();
        List<DeadLetter> dead = new ArrayList<>();
        h.getSideOutput(DeadLetters.TAG).forEach(r -> dead.add(r.getValue()));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).startsWith("late:");
        assertThat(dead.get(0).source()).isEqualTo(LogMetricsJob.NAME);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    static LogLine line(long ts, Labels labels, LogLine.Level level) {
        return new LogLine(ts, labels, "vllm", LogLine.Stream.STDOUT, level, "m", null, null, null);
    }

    private static LogMetrics find(List<LogMetrics> out, Scope scope, String pod) {
        return out.stream()
                .filter(m -> m.scope() == scope)
                .filter(m -> pod == null || pod.equals(m.labels().replica()))
                .findFirst()
                .orElseThrow();
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, LogFact, LogMetrics> h, LogLine l)
            throws Exception {
        List<LogFact> facts = new ArrayList<>();
        new LogScopes()
                .flatMap(
                        Ingested.ok("raw", 0, 7, l),
                        new Collector<>() {
                            @Override
                            public void collect(LogFact f) {
                                facts.add(f);
                            }

                            @Override
                            public void close() {}
                        });
        for (LogFact f : facts) {
            h.processElement(new StreamRecord<>(f, l.tsMs()));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LogFact, LogMetrics> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new LogWindowFunction(LogMetricsJob.NAME, CONFIG, () -> T0 + 60_000),
                f -> f.key,
                Types.STRING);
    }
}
