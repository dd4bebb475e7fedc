package io.inferscope.jobs.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.EventWindows;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobIt;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The logs job on a MiniCluster (parallelism 2) against a real broker: seeded random lines of four
 * containers of two deployments over six windows; the job's counts per window, group and level
 * equal a recount of what is on the raw topic. A malformed line becomes a dead letter.
 */
class LogMetricsJobITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = JobIt.miniCluster();

    @Test
    void countsEqualARecountOfTheRawTopic() throws Exception {
        final long t0 = JobIt.recentT0();
        JobConfig config = JobIt.config(KAFKA, "logs").build();
        TopicSpec<LogLine> raw = JobIt.topic(KAFKA, "it.logs.raw", LogLine.class, 2);
        TopicSpec<LogMetrics> metrics = JobIt.topic(KAFKA, "it.logs.metrics", LogMetrics.class, 2);
        TopicSpec<DeadLetter> dead = JobIt.topic(KAFKA, "it.logs.deadletter", DeadLetter.class, 1);

        Random random = new Random(42);
        LogLine.Level[] levels = LogLine.Level.values();
        List<LogLine> lines = new ArrayList<>();
        for (int pod = 0; pod < 4; pod++) {
            String deployment = pod < 2 ? "chat" : "embed";
            Labels labels =
                    new Labels("c1", "demo", deployment, null, deployment + "-" + pod, "n" + pod);
            long ts = t0;
            for (int i = 0; i < 150; i++) {
                ts += 1 + random.nextInt(800);
                lines.add(
                        new LogLine(
                                ts,
                                labels,
                                "server",
                                LogLine.Stream.STDOUT,
                                levels[random.nextInt(levels.length)],
                                "line " + i,
                                null,
                                null,
                                null));
            }
        }
        // Produced in time order, so each partition is in order (no out-of-orderness allowed).
        lines.sort(java.util.Comparator.comparingLong(LogLine::tsMs));
        List<ProducerRecord<byte[], byte[]>> in = new ArrayList<>();
        for (LogLine l : lines) {
            int pod =
                    Integer.parseInt(
                            l.labels().replica().substring(l.labels().replica().length() - 1));
            in.add(JobIt.record(raw, pod % 2, LogScopes.containerKey(l), l));
        }
        in.add(
                new ProducerRecord<>(
                        raw.name(), 1, null, "{\"ts_ms\":-1}".getBytes(StandardCharsets.UTF_8)));
        JobIt.produce(KAFKA, in);

        StreamExecutionEnvironment env = JobIt.environment();
        new LogMetricsJob(
                        JobIt.source(config, raw, LogLine::tsMs, LogMetricsJob.NAME, true),
                        LogMetricsJob.metricsSink(config, metrics),
                        LogMetricsJob.deadLetterSink(config, dead),
                        config)
                .build(env);
        env.execute("logs-it");

        // Recount from the topic itself, not from the list above.
        Map<String, Long> expected = new TreeMap<>();
        for (LogLine l : readLines(raw)) {
            long start = EventWindows.start(l.tsMs(), 10_000);
            String level = l.level().wire();
            expected.merge(start + " " + LogScopes.containerKey(l) + " " + level, 1L, Long::sum);
            expected.merge(
                    start + " " + LogScopes.deploymentKey(l.labels()) + " " + level, 1L, Long::sum);
        }
        Map<String, Long> actual = new TreeMap<>();
        List<LogMetrics> out = JobIt.readAll(KAFKA, metrics);
        for (LogMetrics m : out) {
            m.linesByLevel()
                    .forEach(
                            (level, n) ->
                                    assertThat(
                                                    actual.put(
                                                            m.windowStartMs()
                                                                    + " "
                                                                    + LogMetricsJob.kafkaKey(m)
                                                                    + " "
                                                                    + level,
                                                            n))
                                            .as("one record per window and group")
                                            .isNull());
            long errors =
                    m.linesByLevel().getOrDefault("error", 0L)
                            + m.linesByLevel().getOrDefault("fatal", 0L);
            assertThat(m.errorLines()).isEqualTo(errors);
            assertThat(m.errorLinesPerS()).isEqualTo(errors / 10.0);
            assertThat(m.lines())
                    .isEqualTo(m.linesByLevel().values().stream().mapToLong(Long::longValue).sum());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(
                        out.stream()
                                .filter(m -> m.scope() == Scope.DEPLOYMENT)
                                .map(LogMetricsJob::kafkaKey)
                                .distinct())
                .containsExactlyInAnyOrder("demo/chat", "demo/embed");

        List<DeadLetter> letters = JobIt.readAll(KAFKA, dead);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason()).startsWith("$.");
        assertThat(letters.get(0).sourceTopic()).isEqualTo(raw.name());
    }

    private static List<LogLine> readLines(TopicSpec<LogLine> raw) {
        List<LogLine> out = new ArrayList<>();
        for (var r : KAFKA.readAll(raw.name(), java.time.Duration.ofSeconds(30))) {
            try {
                out.add(raw.codec().decode(r.value()));
            } catch (io.inferscope.schemas.DecodeException e) {
                // the malformed line: not a line, counted by no one
            }
        }
        return out;
    }
}
