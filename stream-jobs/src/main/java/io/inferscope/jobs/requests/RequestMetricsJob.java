package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.EventTime;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobEnvironment;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.jobs.common.RouteIngested;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The request-metrics job: raw request lifecycle and token progress records in, per-window request
 * metrics (10 s, rolled up to 1 min and 5 min) out, per {@code deployment/model} and per replica.
 *
 * <p>The graph is built from the sources and sinks handed in, so tests run it with bounded Kafka
 * sources on a MiniCluster and the launcher runs it on its own environment; {@link #main} runs the
 * same class on a cluster with the production Kafka source and sinks ({@link #forKafka}).
 *
 * <pre>
 * raw.requests → decode → route ┐                   (keyBy request id)
 * raw.tokens   → decode → route ┴→ request lifecycle → partial windows per group (same subtask)
 *   → (keyBy group) windows 10 s → metrics.requests, and → rollups 60 s / 300 s → metrics.requests
 * refused, late and duplicate records → deadletter
 * </pre>
 *
 * Options: all of {@link JobConfig}. See the module README for the design.
 */
public final class RequestMetricsJob {
    /** The job name; also the {@code source} of its dead letters. */
    public static final String NAME = "request-metrics";

    /** Rollup lengths, in seconds, merged from the base windows. */
    private static final int[] ROLLUPS_S = {60, 300};

    private final Source<Ingested<RequestEvent>, ?, ?> requests;
    private final Source<Ingested<TokenProgress>, ?, ?> tokens;
    private final Sink<RequestMetrics> metricsSink;
    private final Sink<DeadLetter> deadLetterSink;
    private final JobConfig config;

    public RequestMetricsJob(
            Source<Ingested<RequestEvent>, ?, ?> requests,
            Source<Ingested<TokenProgress>, ?, ?> tokens,
            Sink<RequestMetrics> metricsSink,
            Sink<DeadLetter> deadLetterSink,
            JobConfig config) {
        this.requests = requests;
        this.tokens = tokens;
        this.metricsSink = metricsSink;
        this.deadLetterSink = deadLetterSink;
        this.config = config;
    }

    /** The job on the production Kafka topics of the catalog. */
    public static RequestMetricsJob forKafka(JobConfig config) {
        return new RequestMetricsJob(
                KafkaIo.source(config, Topics.RAW_REQUESTS, RequestEvent::tsMs, NAME),
                KafkaIo.source(config, Topics.RAW_TOKENS, TokenProgress::tsMs, NAME),
                metricsSink(config),
                deadLetterSink(config),
                config);
    }

    public static Sink<RequestMetrics> metricsSink(JobConfig config) {
        return metricsSink(config, Topics.METRICS_REQUESTS);
    }

    /** The exactly-once metrics sink on {@code topic}, keyed {@code deployment/model[/replica]}. */
    public static Sink<RequestMetrics> metricsSink(
            JobConfig config, TopicSpec<RequestMetrics> topic) {
        return KafkaIo.sink(
                config, topic, GroupKey::kafkaKey, RequestMetrics::windowEndMs, "metrics");
    }

    public static Sink<DeadLetter> deadLetterSink(JobConfig config) {
        return deadLetterSink(config, Topics.DEADLETTER);
    }

    /** The exactly-once dead-letter sink on {@code topic}, keyed by source topic. */
    public static Sink<DeadLetter> deadLetterSink(JobConfig config, TopicSpec<DeadLetter> topic) {
        return KafkaIo.sink(
                config, topic, JobEnvironment::deadLetterKey, DeadLetter::tsMs, "deadletter");
    }

    /** Adds the job's operators to {@code env} (and turns on exactly-once checkpoints). */
    public void build(StreamExecutionEnvironment env) {
        JobEnvironment.ensureCheckpointing(env, config);
        TypeInformation<Fact> factType = TypeInformation.of(Fact.class);
        TypeInformation<RequestMetrics> metricsType = CodecTypeInfo.of(RequestMetrics.class);

        SingleOutputStreamOperator<Ingested<RequestEvent>> requestEvents =
                ingest(env, requests, RequestEvent.class, RequestEvent::tsMs, "requests");
        SingleOutputStreamOperator<Ingested<TokenProgress>> tokenProgress =
                ingest(env, tokens, TokenProgress.class, TokenProgress::tsMs, "tokens");

        SingleOutputStreamOperator<Fact> facts =
                scale(
                        requestEvents
                                .keyBy(in -> in.record.requestId(), StringKeySerializer.TYPE)
                                .connect(
                                        tokenProgress.keyBy(
                                                in -> in.record.requestId(),
                                                StringKeySerializer.TYPE))
                                .process(
                                        new RequestLifecycle(NAME, config, WallClock.SYSTEM),
                                        factType)
                                .uid("request-lifecycle")
                                .name("request lifecycle"));
        SingleOutputStreamOperator<PartialWindow> partials =
                scale(
                        facts.transform(
                                        "partial windows",
                                        TypeInformation.of(PartialWindow.class),
                                        new PartialWindowsOperator(config))
                                .uid("partial-windows"));

        int windowS = (int) (config.windowMs() / 1000);
        SingleOutputStreamOperator<RequestMetrics> windows =
                scale(
                        partials.keyBy(p -> p.group, StringKeySerializer.TYPE)
                                .process(new WindowMetricsFunction(config), metricsType)
                                .uid("window-" + windowS + "s")
                                .name("windows " + windowS + " s"));
        DataStream<RequestMetrics> all = windows;
        for (int rollupS : ROLLUPS_S) {
            if (rollupS % windowS != 0 || rollupS == windowS) {
                continue; // a rollup must be made of whole base windows
            }
            RollupFunction rollup =
                    new RollupFunction(rollupS, windowS, config.allowedLateness().toMillis());
            all =
                    all.union(
                            scale(
                                    windows.keyBy(GroupKey::of, StringKeySerializer.TYPE)
                                            .process(rollup, metricsType)
                                            .uid("rollup-" + rollupS + "s")
                                            .name("rollup " + rollupS + " s")));
        }

        DataStreamSink<RequestMetrics> metricsOut =
                all.sinkTo(metricsSink).uid("metrics-sink").name("metrics sink");
        DataStreamSink<DeadLetter> deadOut =
                requestEvents
                        .getSideOutput(DeadLetters.TAG)
                        .union(
                                tokenProgress.getSideOutput(DeadLetters.TAG),
                                facts.getSideOutput(DeadLetters.TAG))
                        .sinkTo(deadLetterSink)
                        .uid("deadletter-sink")
                        .name("dead-letter sink");
        if (config.parallelism() > 0) {
            metricsOut.setParallelism(config.parallelism());
            deadOut.setParallelism(config.parallelism());
        }
    }

    /** Source with per-partition watermarks, then refused records split off. */
    private <T> SingleOutputStreamOperator<Ingested<T>> ingest(
            StreamExecutionEnvironment env,
            Source<Ingested<T>, ?, ?> source,
            Class<T> type,
            EventTime<T> eventTime,
            String name) {
        DataStreamSource<Ingested<T>> raw =
                env.fromSource(
                        source,
                        JobEnvironment.watermarks(config, eventTime),
                        "raw " + name,
                        Ingested.typeInfo(type));
        scale(raw.uid("raw-" + name + "-source"));
        return scale(
                raw.process(new RouteIngested<>(), Ingested.typeInfo(type))
                        .uid("route-" + name)
                        .name("route " + name));
    }

    private <T> SingleOutputStreamOperator<T> scale(SingleOutputStreamOperator<T> op) {
        if (config.parallelism() > 0) {
            op.setParallelism(config.parallelism());
        }
        return op;
    }

    /** Runs the job on a cluster: {@code flink run job.jar [options]} (see {@link JobConfig}). */
    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(config).build(env);
        env.execute(NAME);
    }
}
