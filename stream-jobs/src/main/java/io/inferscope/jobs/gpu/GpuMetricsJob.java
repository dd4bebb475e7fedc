package io.inferscope.jobs.gpu;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobEnvironment;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.jobs.common.RouteIngested;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The GPU-metrics job: raw GPU samples and XID errors in, per-window GPU metrics out, per GPU
 * (scope {@code gpu}) and rolled up per node and per deployment.
 *
 * <pre>
 * raw.gpu → decode → route → (keyBy GPU UUID) windows 10 s ─┬→ scope gpu ────────────→ metrics.gpu
 *                                                           └→ (keyBy node | deployment) rollups ┘
 * refused and late records → deadletter
 * </pre>
 *
 * Built from the sources and sinks handed in ({@link #build}); {@link #forKafka} gives the
 * production topics; {@link #main} runs it on a cluster. Options: all of {@link JobConfig} (it
 * reads {@code window}, {@code allowed-lateness}, the watermark, Kafka and checkpoint options). See
 * the module README for the design.
 */
public final class GpuMetricsJob {
    /** The job name; also the {@code source} of its dead letters. */
    public static final String NAME = "gpu-metrics";

    private final Source<Ingested<GpuRecord>, ?, ?> gpu;
    private final Sink<GpuMetrics> metricsSink;
    private final Sink<DeadLetter> deadLetterSink;
    private final JobConfig config;

    public GpuMetricsJob(
            Source<Ingested<GpuRecord>, ?, ?> gpu,
            Sink<GpuMetrics> metricsSink,
            Sink<DeadLetter> deadLetterSink,
            JobConfig config) {
        this.gpu = gpu;
        this.metricsSink = metricsSink;
        this.deadLetterSink = deadLetterSink;
        this.config = config;
    }

    /**
     * The job on the production topics. A consumer group or transactional-id prefix left at the
     * request job's default becomes {@code inferscope-gpu-metrics} ({@link JobConfig#forJob}), and
     * the sinks' transactional ids carry {@code gpu-}, so one config can start every job.
     */
    public static GpuMetricsJob forKafka(JobConfig config) {
        JobConfig c = config.forJob(NAME);
        return new GpuMetricsJob(
                KafkaIo.source(c, Topics.RAW_GPU, GpuRecord::tsMs, NAME),
                metricsSink(c, Topics.METRICS_GPU),
                deadLetterSink(c, Topics.DEADLETTER),
                c);
    }

    /**
     * The exactly-once metrics sink on {@code topic}, keyed {@code uuid | node | ns/deployment}.
     */
    public static Sink<GpuMetrics> metricsSink(JobConfig config, TopicSpec<GpuMetrics> topic) {
        return KafkaIo.sink(
                config, topic, RollupKeys::kafkaKey, GpuMetrics::windowEndMs, "gpu-metrics");
    }

    /** The exactly-once dead-letter sink on {@code topic}, keyed by source topic. */
    public static Sink<DeadLetter> deadLetterSink(JobConfig config, TopicSpec<DeadLetter> topic) {
        return KafkaIo.sink(
                config, topic, JobEnvironment::deadLetterKey, DeadLetter::tsMs, "gpu-deadletter");
    }

    /** Adds the job's operators to {@code env} (and turns on exactly-once checkpoints). */
    public void build(StreamExecutionEnvironment env) {
        JobEnvironment.ensureCheckpointing(env, config);
        TypeInformation<GpuWindow> windowType = TypeInformation.of(GpuWindow.class);
        TypeInformation<GpuMetrics> metricsType = CodecTypeInfo.of(GpuMetrics.class);
        int windowS = (int) (config.windowMs() / 1000);

        DataStreamSource<Ingested<GpuRecord>> raw =
                env.fromSource(
                        gpu,
                        JobEnvironment.watermarks(config, GpuRecord::tsMs),
                        "raw gpu",
                        Ingested.typeInfo(GpuRecord.class));
        scale(raw.uid("raw-gpu-source"));
        SingleOutputStreamOperator<Ingested<GpuRecord>> routed =
                scale(
                        raw.process(new RouteIngested<>(), Ingested.typeInfo(GpuRecord.class))
                                .uid("route-gpu")
                                .name("route gpu"));

        SingleOutputStreamOperator<GpuWindow> perGpu =
                scale(
                        routed.keyBy(in -> in.record.gpuUuid(), Types.STRING)
                                .process(
                                        new GpuWindowFunction(NAME, config, WallClock.SYSTEM),
                                        windowType)
                                .uid("gpu-window-" + windowS + "s")
                                .name("gpu windows " + windowS + " s"));
        SingleOutputStreamOperator<GpuMetrics> gpuMetrics =
                scale(
                        perGpu.map(w -> w.toMetrics(Scope.GPU, windowS), metricsType)
                                .uid("gpu-metrics")
                                .name("gpu metrics"));
        SingleOutputStreamOperator<GpuMetrics> rollups =
                scale(
                        scale(
                                        perGpu.flatMap(new RollupKeys(), windowType)
                                                .uid("gpu-rollup-keys")
                                                .name("gpu rollup keys"))
                                .keyBy(w -> w.rollupKey, Types.STRING)
                                .process(
                                        new GpuRollupFunction(
                                                config.windowMs(),
                                                config.allowedLateness().toMillis()),
                                        metricsType)
                                .uid("gpu-rollup-" + windowS + "s")
                                .name("gpu rollups node/deployment " + windowS + " s"));

        DataStreamSink<GpuMetrics> metricsOut =
                gpuMetrics
                        .union(rollups)
                        .sinkTo(metricsSink)
                        .uid("gpu-metrics-sink")
                        .name("gpu metrics sink");
        DataStreamSink<DeadLetter> deadOut =
                routed.getSideOutput(DeadLetters.TAG)
                        .union(perGpu.getSideOutput(DeadLetters.TAG))
                        .sinkTo(deadLetterSink)
                        .uid("gpu-deadletter-sink")
                        .name("gpu dead-letter sink");
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
