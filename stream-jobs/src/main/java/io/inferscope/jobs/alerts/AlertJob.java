package io.inferscope.jobs.alerts;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.jobs.common.DeadLetters;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobEnvironment;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.jobs.common.RouteIngested;
import io.inferscope.jobs.common.WallClock;
import io.inferscope.schemas.Alert;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.RuleStatus;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The alert job: derived metrics, Kubernetes events and error log lines in; firing / resolved
 * alerts out, by rules that change while it runs.
 *
 * <pre>
 * metrics.requests|gpu|cluster|logs, raw.k8s (events), raw.logs (errors) → decode → route → signals
 *     → keyBy namespace/deployment ─┐
 * rules topic → RuleIntake (p=1) ──┴ broadcast → AlertEvaluator → alerts
 *                   └→ rules status (and the initial rules' statuses) → alerts.rules.status
 * refused records → deadletter
 * </pre>
 *
 * Built with {@link #builder} from given sources and sinks (tests hand in their own); {@link
 * #forKafka} uses the production topics; {@link #main} runs it on a cluster. Options: every {@link
 * JobConfig} option (Kafka, checkpoints, parallelism, {@code window} = the derived windows rules
 * read by default, {@code future-tolerance}) and the {@link AlertOptions}. Any input may be left
 * out (its rules then never see data).
 */
public final class AlertJob {
    /** The job name; also the {@code source} of its dead letters. */
    public static final String NAME = "alerts";

    private final Builder b;

    private AlertJob(Builder b) {
        this.b = b;
    }

    public static Builder builder(JobConfig config) {
        return new Builder(config);
    }

    /** The job on the production topics with the bundled default rules. */
    public static AlertJob forKafka(JobConfig config) {
        return forKafka(config, AlertOptions.defaults());
    }

    /**
     * The job on the production topics. A consumer group or transactional-id prefix left at the
     * request job's default becomes {@code inferscope-alerts}.
     */
    public static AlertJob forKafka(JobConfig config, AlertOptions options) {
        JobConfig c = config.forJob(NAME);
        int windowS = (int) (c.windowMs() / 1000);
        return builder(c)
                .options(options)
                .initialRules(InitialRules.load(options, windowS, System.currentTimeMillis()))
                .requests(
                        KafkaIo.source(
                                c, Topics.METRICS_REQUESTS, RequestMetrics::windowEndMs, NAME))
                .gpu(KafkaIo.source(c, Topics.METRICS_GPU, GpuMetrics::windowEndMs, NAME))
                .cluster(
                        KafkaIo.source(
                                c, Topics.METRICS_CLUSTER, ClusterMetrics::windowEndMs, NAME))
                .logMetrics(KafkaIo.source(c, Topics.METRICS_LOGS, LogMetrics::windowEndMs, NAME))
                .k8s(KafkaIo.source(c, Topics.RAW_K8S, K8sRecord::tsMs, NAME))
                .logs(KafkaIo.source(c, Topics.RAW_LOGS, LogLine::tsMs, NAME))
                .rules(rulesSource(c, options.rulesTopic()))
                .alertSink(alertSink(c, Topics.ALERTS))
                .statusSink(statusSink(c, Topics.ALERT_RULES_STATUS))
                .deadLetterSink(deadLetterSink(c, Topics.DEADLETTER))
                .build();
    }

    /**
     * The rules topic from its start whenever the job starts without a checkpoint (the topic is
     * compacted: reading it all is reading every rule); after a restore the checkpointed offsets
     * and broadcast state take over.
     */
    public static KafkaSource<RuleChange> rulesSource(JobConfig config, String topic) {
        return KafkaSource.<RuleChange>builder()
                .setProperties(config.kafkaClientProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topic)
                .setGroupId(config.groupId())
                .setClientIdPrefix(config.groupId() + "-" + topic)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new RuleChangeDeserializer())
                .build();
    }

    /** The exactly-once alerts sink, keyed by fingerprint, stamped with {@code updated_at_ms}. */
    public static Sink<Alert> alertSink(JobConfig config, TopicSpec<Alert> topic) {
        return KafkaIo.sink(config, topic, Alert::fingerprint, Alert::updatedAtMs, "alerts-out");
    }

    public static Sink<RuleStatus> statusSink(JobConfig config, TopicSpec<RuleStatus> topic) {
        return KafkaIo.sink(config, topic, RuleStatus::rule, RuleStatus::tsMs, "alerts-status");
    }

    public static Sink<DeadLetter> deadLetterSink(JobConfig config, TopicSpec<DeadLetter> topic) {
        return KafkaIo.sink(
                config,
                topic,
                JobEnvironment::deadLetterKey,
                DeadLetter::tsMs,
                "alerts-deadletter");
    }

    /** Adds the job's operators to {@code env} (and turns on exactly-once checkpoints). */
    public void build(StreamExecutionEnvironment env) {
        JobConfig config = b.config;
        JobEnvironment.ensureCheckpointing(env, config);
        int windowS = (int) (config.windowMs() / 1000);
        List<DataStream<Signal>> signals = new ArrayList<>();
        List<DataStream<DeadLetter>> dead = new ArrayList<>();
        add(
                env,
                b.requests,
                RequestMetrics.class,
                "metrics-requests",
                new ToSignal.Requests(),
                signals,
                dead);
        add(env, b.gpu, GpuMetrics.class, "metrics-gpu", new ToSignal.Gpu(), signals, dead);
        add(
                env,
                b.cluster,
                ClusterMetrics.class,
                "metrics-cluster",
                new ToSignal.Cluster(),
                signals,
                dead);
        add(
                env,
                b.logMetrics,
                LogMetrics.class,
                "metrics-logs",
                new ToSignal.Logs(),
                signals,
                dead);
        add(env, b.k8s, K8sRecord.class, "raw-k8s", new ToSignal.Events(), signals, dead);
        add(env, b.logs, LogLine.class, "raw-logs", new ToSignal.ErrorLines(), signals, dead);
        if (signals.isEmpty()) {
            throw new IllegalStateException("the alert job needs at least one input");
        }

        TypeInformation<Tuple2<String, String>> updateType =
                Types.TUPLE(Types.STRING, Types.STRING);
        List<DataStream<RuleStatus>> statuses = new ArrayList<>();
        DataStream<Tuple2<String, String>> updates;
        if (b.rules != null) {
            SingleOutputStreamOperator<Tuple2<String, String>> intake =
                    env.fromSource(
                                    b.rules,
                                    WatermarkStrategy.noWatermarks(),
                                    "alert rules",
                                    TypeInformation.of(RuleChange.class))
                            .uid("alert-rules-source")
                            .setParallelism(1)
                            .process(new RuleIntake(windowS, WallClock.SYSTEM), updateType)
                            .uid("alert-rule-intake")
                            .name("alert rule intake")
                            .setParallelism(1);
            statuses.add(intake.getSideOutput(RuleIntake.STATUS));
            updates = intake;
        } else {
            updates =
                    env.fromData(List.of(Tuple2.of("", "")), updateType)
                            .uid("alert-rules-none")
                            .filter(u -> !u.f0.isEmpty())
                            .uid("alert-rules-none-filter");
        }
        if (!b.initialRules.statuses().isEmpty()) {
            statuses.add(
                    env.fromData(b.initialRules.statuses(), CodecTypeInfo.of(RuleStatus.class))
                            .uid("alert-initial-rule-status")
                            .name("initial rules status"));
        }
        BroadcastStream<Tuple2<String, String>> broadcast = updates.broadcast(AlertEvaluator.RULES);

        DataStream<Signal> all = signals.get(0);
        for (int i = 1; i < signals.size(); i++) {
            all = all.union(signals.get(i));
        }
        SingleOutputStreamOperator<Alert> alerts =
                scale(
                        all.keyBy(s -> s.key, Types.STRING)
                                .connect(broadcast)
                                .process(
                                        new AlertEvaluator(
                                                b.initialRules.rules(), b.options, windowS),
                                        CodecTypeInfo.of(Alert.class))
                                .uid("alert-evaluator")
                                .name("alert evaluator"));
        var alertsOut = alerts.sinkTo(b.alertSink).uid("alerts-sink").name("alerts sink");
        if (config.parallelism() > 0) {
            alertsOut.setParallelism(config.parallelism());
        }
        if (!statuses.isEmpty() && b.statusSink != null) {
            DataStream<RuleStatus> st = statuses.get(0);
            for (int i = 1; i < statuses.size(); i++) {
                st = st.union(statuses.get(i));
            }
            st.sinkTo(b.statusSink)
                    .uid("alert-rules-status-sink")
                    .name("rules status sink")
                    .setParallelism(1);
        }
        DataStream<DeadLetter> dl = dead.get(0);
        for (int i = 1; i < dead.size(); i++) {
            dl = dl.union(dead.get(i));
        }
        var deadOut =
                dl.sinkTo(b.deadLetterSink)
                        .uid("alerts-deadletter-sink")
                        .name("alerts dead-letter sink");
        if (config.parallelism() > 0) {
            deadOut.setParallelism(config.parallelism());
        }
    }

    private <T> void add(
            StreamExecutionEnvironment env,
            Source<Ingested<T>, ?, ?> source,
            Class<T> type,
            String id,
            FlatMapFunction<Ingested<T>, Signal> toSignal,
            List<DataStream<Signal>> signals,
            List<DataStream<DeadLetter>> dead) {
        if (source == null) {
            return;
        }
        SingleOutputStreamOperator<Ingested<T>> routed =
                scale(
                        scale(
                                        env.fromSource(
                                                        source,
                                                        WatermarkStrategy.noWatermarks(),
                                                        id,
                                                        Ingested.typeInfo(type))
                                                .uid("alerts-" + id + "-source"))
                                .process(new RouteIngested<>(), Ingested.typeInfo(type))
                                .uid("alerts-route-" + id)
                                .name("route " + id));
        signals.add(
                scale(
                        routed.flatMap(toSignal, Signal.typeInfo())
                                .uid("alerts-signal-" + id)
                                .name("signals " + id)));
        dead.add(routed.getSideOutput(DeadLetters.TAG));
    }

    private <T> SingleOutputStreamOperator<T> scale(SingleOutputStreamOperator<T> op) {
        if (b.config.parallelism() > 0) {
            op.setParallelism(b.config.parallelism());
        }
        return op;
    }

    /** Runs the job on a cluster: {@code flink run -c <this class> job.jar [options]}. */
    public static void main(String[] args) throws Exception {
        AlertOptions.Parsed parsed = AlertOptions.parse(args);
        JobConfig config = JobConfig.fromArgs(parsed.jobArgs());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        forKafka(config, parsed.options()).build(env);
        env.execute(NAME);
    }

    /** The job's inputs, outputs and options; every input is optional. */
    public static final class Builder {
        private final JobConfig config;
        private AlertOptions options = AlertOptions.defaults();
        private InitialRules initialRules = InitialRules.none();
        private Source<Ingested<RequestMetrics>, ?, ?> requests;
        private Source<Ingested<GpuMetrics>, ?, ?> gpu;
        private Source<Ingested<ClusterMetrics>, ?, ?> cluster;
        private Source<Ingested<LogMetrics>, ?, ?> logMetrics;
        private Source<Ingested<K8sRecord>, ?, ?> k8s;
        private Source<Ingested<LogLine>, ?, ?> logs;
        private Source<RuleChange, ?, ?> rules;
        private Sink<Alert> alertSink;
        private Sink<RuleStatus> statusSink;
        private Sink<DeadLetter> deadLetterSink;

        private Builder(JobConfig config) {
            this.config = config;
        }

        public Builder options(AlertOptions v) {
            options = v;
            return this;
        }

        public Builder initialRules(InitialRules v) {
            initialRules = v;
            return this;
        }

        public Builder requests(Source<Ingested<RequestMetrics>, ?, ?> v) {
            requests = v;
            return this;
        }

        public Builder gpu(Source<Ingested<GpuMetrics>, ?, ?> v) {
            gpu = v;
            return this;
        }

        public Builder cluster(Source<Ingested<ClusterMetrics>, ?, ?> v) {
            cluster = v;
            return this;
        }

        public Builder logMetrics(Source<Ingested<LogMetrics>, ?, ?> v) {
            logMetrics = v;
            return this;
        }

        public Builder k8s(Source<Ingested<K8sRecord>, ?, ?> v) {
            k8s = v;
            return this;
        }

        public Builder logs(Source<Ingested<LogLine>, ?, ?> v) {
            logs = v;
            return this;
        }

        public Builder rules(Source<RuleChange, ?, ?> v) {
            rules = v;
            return this;
        }

        public Builder alertSink(Sink<Alert> v) {
            alertSink = v;
            return this;
        }

        public Builder statusSink(Sink<RuleStatus> v) {
            statusSink = v;
            return this;
        }

        public Builder deadLetterSink(Sink<DeadLetter> v) {
            deadLetterSink = v;
            return this;
        }

        public AlertJob build() {
            if (alertSink == null || deadLetterSink == null) {
                throw new IllegalStateException(
                        "the alert job needs an alert and a dead-letter sink");
            }
            return new AlertJob(this);
        }
    }
}
