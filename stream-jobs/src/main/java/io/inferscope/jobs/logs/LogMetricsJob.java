package io.inferscope.jobs.logs;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobEnvironment;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.jobs.common.RouteIngested;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The log-metrics job: container log lines in, per 10 s window lines by level and the error-line
 * rate out, per container (scope {@code container}, key {@code namespace/pod/container}) and per
 * deployment (scope {@code deployment}, key {@code namespace/deployment}).
 *
 * <pre>
 * raw.logs → decode → route → LogScopes (container, deployment) → keyBy group: windows 10 s → metrics.logs
 * refused and late lines → deadletter
 * </pre>
 *
 * Built from the source and sinks handed in ({@link #build}); {@link #forKafka} gives the
 * production topics; {@link #main} runs it on a cluster. Options: all of {@link JobConfig} (it
 * reads {@code window}, {@code allowed-lateness}, the watermark, Kafka and checkpoint options).
 */
public final class LogMetricsJob {
    /** The job name; also the {@code source} of its dead letters. */
    public static final String NAME = "log-metrics";

    private final Source<Ingested<LogLine>, ?, ?> logs;
    private final Sink<LogMetrics> metricsSink;
    private final Sink<DeadLetter> deadLetterSink;
    private final JobConfig config;

    public LogMetricsJob(
            Source<Ingested<LogLine>, ?, ?> logs,
            Sink<LogMetrics> metricsSink,
            Sink<DeadLetter> deadLetterSink,
            JobConfig config) {
        this.logs = logs;
        this.metricsSink = metricsSink;
        this.deadLetterSink = deadLetterSink;
        this.config = config;
    }

    /**
     * The job on the production topics; a default consumer group / transactional-id prefix becomes
     * {@code inferscope-log-metrics} ({@link JobConfig#forJob}).
     */
    public static LogMetricsJob forKafka(JobConfig config) {
        JobConfig c = config.forJob(NAME);
        return new LogMetricsJob(
                KafkaIo.source(c, Topics.RAW_LOGS, LogLine::tsMs, NAME),
                metricsSink(c, Topics.METRICS_LOGS),
                deadLetterSink(c, Topics.DEADLETTER),
                c);
    }

    /**
     * The exactly-once metrics sink, keyed {@code namespace/pod/container | namespace/deployment}.
     */
    public static Sink<LogMetrics> metricsSink(JobConfig config, TopicSpec<LogMetrics> topic) {
        return KafkaIo.sink(
                config, topic, LogMetricsJob::kafkaKey, LogMetrics::windowEndMs, "log-metrics");
    }

    public static Sink<DeadLetter> deadLetterSink(JobConfig config, TopicSpec<DeadLetter> topic) {
        return KafkaIo.sink(
                config, topic, JobEnvironment::deadLetterKey, DeadLetter::tsMs, "log-deadletter");
    }

    static String kafkaKey(LogMetrics m) {
        String ns = m.labels().namespace() == null ? "-" : m.labels().namespace();
        if (m.scope() == Scope.CONTAINER) {
            String pod = m.labels().replica() == null ? "-" : m.labels().replica();
            return ns + "/" + pod + "/" + (m.container() == null ? "-" : m.container());
        }
        return ns + "/" + (m.labels().deployment() == null ? "-" : m.labels().deployment());
    }

    /** Adds the job's operators to {@code env} (and turns on exactly-once checkpoints). */
    public void build(StreamExecutionEnvironment env) {
        JobEnvironment.ensureCheckpointing(env, config);
        int windowS = (int) (config.windowMs() / 1000);
        SingleOutputStreamOperator<Ingested<LogLine>> routed =
                scale(
                        scale(
                                        env.fromSource(
                                                        logs,
                                                        JobEnvironment.watermarks(
                                                                config, LogLine::tsMs),
                                                        "raw logs",
                                                        Ingested.typeInfo(LogLine.class))
                                                .uid("raw-logs-source"))
                                .process(new RouteIngested<>(), Ingested.typeInfo(LogLine.class))
                                .uid("route-logs")
                                .name("route logs"));
        SingleOutputStreamOperator<LogMetrics> windows =
                scale(
                        scale(
                                        routed.flatMap(new LogScopes(), LogFact.typeInfo())
                                                .uid("log-scopes")
                                                .name("log scopes"))
                                .keyBy(f -> f.key, Types.STRING)
                                .process(
                                        new LogWindowFunction(NAME, config, WallClock.SYSTEM),
                                        CodecTypeInfo.of(LogMetrics.class))
                                .uid("log-window-" + windowS + "s")
                                .name("log windows " + windowS + " s"));
        DataStreamSink<LogMetrics> metricsOut =
                windows.sinkTo(metricsSink).uid("log-metrics-sink").name("log metrics sink");
        DataStreamSink<DeadLetter> deadOut =
                routed.getSideOutput(DeadLetters.TAG)
                        .union(windows.getSideOutput(DeadLetters.TAG))
                        .sinkTo(deadLetterSink)
                        .uid("log-deadletter-sink")
                        .name("log dead-letter sink");
        if (config.parallelism() > 0) {
            metricsOut.setParallelism(config.parallelism());
            deadOut.setParallelism(config.parallelism());
        }
    }

    private <T> SingleOutputStreamOperator<T> scale(SingleOutputStreamOperator<T> op) {
        if (config.parallelism() > 0) {
            op.setParallelism(config.parallelism());
        }
        return op;
    }

    /** Runs the job on a cluster: {@code flink run -c <this class> job.jar [options]}. */
    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(config).build(env);
        env.execute(NAME);
    }
}
