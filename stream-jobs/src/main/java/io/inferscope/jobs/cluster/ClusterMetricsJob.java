package io.inferscope.jobs.cluster;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobEnvironment;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.jobs.common.RouteIngested;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.K8sRecord;
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
 * The cluster-metrics job: Kubernetes state changes, events and usage in, one record per window and
 * deployment out (replicas, HPA, pods by phase and waiting reason, stuck pods, restarts, scaling
 * events, scheduling delay, quota use, requests/limits/usage, Warning events).
 *
 * <pre>
 * raw.k8s → decode → route → split ─┬→ (keyBy deployment) deployment state + windows ─┐
 *                                   └→ quotas ─────────────────────────────────────────┴→
 *   (keyBy namespace) quota join → metrics.cluster
 * refused and late records → deadletter
 * </pre>
 *
 * Built from the source and sinks handed in ({@link #build}); {@link #forKafka} gives the
 * production topics; {@link #main} runs it on a cluster. Options: all of {@link JobConfig}, in
 * particular {@code window}, {@code allowed-lateness}, {@code stuck-after} and {@code state-ttl}.
 * See the module README for the design.
 */
public final class ClusterMetricsJob {
    /** The job name; also the {@code source} of its dead letters. */
    public static final String NAME = "cluster-metrics";

    private final Source<Ingested<K8sRecord>, ?, ?> k8s;
    private final Sink<ClusterMetrics> metricsSink;
    private final Sink<DeadLetter> deadLetterSink;
    private final JobConfig config;

    public ClusterMetricsJob(
            Source<Ingested<K8sRecord>, ?, ?> k8s,
            Sink<ClusterMetrics> metricsSink,
            Sink<DeadLetter> deadLetterSink,
            JobConfig config) {
        this.k8s = k8s;
        this.metricsSink = metricsSink;
        this.deadLetterSink = deadLetterSink;
        this.config = config;
    }

    /**
     * The job on the production topics. A consumer group or transactional-id prefix left at the
     * request job's default becomes {@code inferscope-cluster-metrics} ({@link JobConfig#forJob}),
     * and the sinks' transactional ids carry {@code cluster-}, so one config can start every job.
     */
    public static ClusterMetricsJob forKafka(JobConfig config) {
        JobConfig c = config.forJob(NAME);
        return new ClusterMetricsJob(
                KafkaIo.source(c, Topics.RAW_K8S, K8sRecord::tsMs, NAME),
                metricsSink(c, Topics.METRICS_CLUSTER),
                deadLetterSink(c, Topics.DEADLETTER),
                c);
    }

    /** The exactly-once metrics sink on {@code topic}, keyed {@code namespace/deployment}. */
    public static Sink<ClusterMetrics> metricsSink(
            JobConfig config, TopicSpec<ClusterMetrics> topic) {
        return KafkaIo.sink(
                config,
                topic,
                ClusterKeys::kafkaKey,
                ClusterMetrics::windowEndMs,
                "cluster-metrics");
    }

    /** The exactly-once dead-letter sink on {@code topic}, keyed by source topic. */
    public static Sink<DeadLetter> deadLetterSink(JobConfig config, TopicSpec<DeadLetter> topic) {
        return KafkaIo.sink(
                config,
                topic,
                JobEnvironment::deadLetterKey,
                DeadLetter::tsMs,
                "cluster-deadletter");
    }

    /** Adds the job's operators to {@code env} (and turns on exactly-once checkpoints). */
    public void build(StreamExecutionEnvironment env) {
        JobEnvironment.ensureCheckpointing(env, config);
        TypeInformation<Ingested<K8sRecord>> ingested = Ingested.typeInfo(K8sRecord.class);
        TypeInformation<ClusterMetrics> metricsType = CodecTypeInfo.of(ClusterMetrics.class);
        int windowS = (int) (config.windowMs() / 1000);

        DataStreamSource<Ingested<K8sRecord>> raw =
                env.fromSource(
                        k8s,
                        JobEnvironment.watermarks(config, K8sRecord::tsMs),
                        "raw k8s",
                        ingested);
        scale(raw.uid("raw-k8s-source"));
        SingleOutputStreamOperator<Ingested<K8sRecord>> routed =
                scale(
                        raw.process(new RouteIngested<>(), ingested)
                                .uid("route-k8s")
                                .name("route k8s"));
        SingleOutputStreamOperator<Ingested<K8sRecord>> byDeployment =
                scale(
                        routed.process(new SplitByScope(), ingested)
                                .uid("split-k8s")
                                .name("split deployment / quota"));

        SingleOutputStreamOperator<ClusterMetrics> deployments =
                scale(
                        byDeployment
                                .keyBy(in -> ClusterKeys.deployment(in.record), Types.STRING)
                                .process(
                                        new DeploymentStateFunction(NAME, config, WallClock.SYSTEM),
                                        metricsType)
                                .uid("deployment-state-" + windowS + "s")
                                .name("deployment state, windows " + windowS + " s"));
        SingleOutputStreamOperator<ClusterMetrics> joined =
                scale(
                        deployments
                                .keyBy(ClusterKeys::namespace, Types.STRING)
                                .connect(
                                        byDeployment
                                                .getSideOutput(SplitByScope.QUOTAS)
                                                .keyBy(
                                                        in -> ClusterKeys.namespace(in.record),
                                                        Types.STRING))
                                .process(
                                        new QuotaJoinFunction(NAME, config, WallClock.SYSTEM),
                                        metricsType)
                                .uid("quota-join")
                                .name("namespace quotas"));

        DataStreamSink<ClusterMetrics> metricsOut =
                joined.sinkTo(metricsSink).uid("cluster-metrics-sink").name("cluster metrics sink");
        DataStreamSink<DeadLetter> deadOut =
                routed.getSideOutput(DeadLetters.TAG)
                        .union(
                                deployments.getSideOutput(DeadLetters.TAG),
                                joined.getSideOutput(DeadLetters.TAG))
                        .sinkTo(deadLetterSink)
                        .uid("cluster-deadletter-sink")
                        .name("cluster dead-letter sink");
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
