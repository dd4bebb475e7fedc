package io.inferscope.bench.pipeline;

import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.jobs.requests.RequestMetricsJob;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Pipeline benchmark, one JVM, one in-process broker: (1) bare Kafka produce + consume, (2) the
 * same number of records through the collector publisher → broker → request-metrics job on a
 * MiniCluster → derived topic, and their ratio; (3) live traffic for the delay from a window's end
 * to its derived record, with the demo's settings and the cluster defaults side by side. Writes a
 * Markdown table to stdout and {@code bench/results/pipeline.md}.
 *
 * <p>Options (system properties): {@code bench.rounds} (default 3: bare Kafka, both request jobs
 * and both floors run that many times, and the ratios are judged on their medians; this machine's
 * speed moves between runs, and a first round runs on a colder JIT than the later ones), {@code
 * bench.records} (default 1,000,000), {@code bench.warmupRecords} (default 200,000, each phase's
 * warm-up, discarded), {@code bench.liveSeconds} (default 60), {@code bench.liveRate} records/s
 * (default 2,000), {@code bench.results} (output directory, default {@code bench/results}).
 */
public final class PipelineBench {
    static final String COMMAND =
            "./mvnw -q -pl bench exec:java"
                    + " -Dexec.mainClass=io.inferscope.bench.pipeline.PipelineBench";
    private static final String BASELINE_TOPIC = "bench.baseline";

    /** Raw, derived and dead-letter topics of the throughput run with the cluster defaults. */
    static final TopicSpec<RequestEvent> CLUSTER_REQUESTS =
            Traffic.requestTopic("bench.cluster.requests");

    static final TopicSpec<RequestMetrics> CLUSTER_METRICS =
            new TopicSpec<>(
                    "bench.cluster.metrics",
                    RequestMetrics.class,
                    "deployment/model[/replica]",
                    1,
                    Map.of());
    static final TopicSpec<DeadLetter> CLUSTER_DEADLETTER =
            new TopicSpec<>(
                    "bench.cluster.deadletter", DeadLetter.class, "source topic", 1, Map.of());
    private static final int POOL = 65_536;
    static final Duration PUBLISHER_STALL_TIMEOUT = Duration.ofSeconds(30);

    private PipelineBench() {}

    public static void main(String[] args) throws Exception {
        long records = Long.getLong("bench.records", 1_000_000L);
        int rounds = Integer.getInteger("bench.rounds", 3);
        if (rounds < 1) {
            throw new IllegalArgumentException("bench.rounds must be >= 1");
        }
        long warmup = Long.getLong("bench.warmupRecords", 200_000L);
        int liveSeconds = Integer.getInteger("bench.liveSeconds", 60);
        int liveRate = Integer.getInteger("bench.liveRate", 2_000);
        Path results = Path.of(System.getProperty("bench.results", "bench/results"));
        Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadAtStart = Machine.loadAverage();
        Path tmp = Files.createTempDirectory("inferscope-pipeline-bench-");
        EmbeddedKafka kafka =
                EmbeddedKafka.builder()
                        .port(0)
                        .topic(BASELINE_TOPIC, Topics.RAW_REQUESTS.partitions())
                        .topic(
                                LatencyRun.LIVE_REQUESTS.name(),
                                LatencyRun.LIVE_REQUESTS.partitions())
                        .topic(LatencyRun.LIVE_DEADLETTER.name(), 1)
                        .topic(FloorRun.FLOOR_REQUESTS.name(), FloorRun.FLOOR_REQUESTS.partitions())
                        .topic(CLUSTER_REQUESTS.name(), CLUSTER_REQUESTS.partitions())
                        .topic(CLUSTER_METRICS.name(), CLUSTER_METRICS.partitions())
                        .topic(CLUSTER_DEADLETTER.name(), CLUSTER_DEADLETTER.partitions())
                        .topic(LatencyRun.metricsTopic(JobSettings.DEMO).name(), 1)
                        .topic(LatencyRun.metricsTopic(JobSettings.CLUSTER_DEFAULTS).name(), 1)
                        .build();
        try (kafka) {
            kafka.start();
            String bootstrap = kafka.bootstrapServers();

            byte[][] keys = new byte[POOL][];
            byte[][] values = new byte[POOL][];
            fillPool(keys, values);
            int partitions = Topics.RAW_REQUESTS.partitions();
            List<Round> done = new ArrayList<>();
            List<LatencyRun.Result> latency;
            // Every round's batches get event times of their own, so that a round's window watcher
            // (which reads its derived topic from the beginning) cannot count an earlier round's
            // windows: round r starts at base + r * slot, all of it in the past.
            long span = (warmup + records) / 2 * ThroughputRun.SPACING_MS + 4 * 80_000;
            long slot = span + 600_000;
            long base =
                    Traffic.alignDown(
                            System.currentTimeMillis() - Math.max(3_600_000, slot) - rounds * slot);
            try (BenchFlink flink = BenchFlink.start(tmp.resolve("flink"), 4);
                    Publisher publisher =
                            Publisher.start(
                                    PublisherConfig.builder(bootstrap)
                                            .clientId("bench-pipeline")
                                            .spoolDir(tmp.resolve("spool"))
                                            .queueCapacity(65_536)
                                            // One JVM on 2 cores pushing a backlog: a broker
                                            // starved for 2 s is not an outage here, and spooling
                                            // in the middle of a run measured the spool instead.
                                            .stallTimeout(PUBLISHER_STALL_TIMEOUT)
                                            .build())) {
                for (int r = 0; r < rounds; r++) {
                    log("round %d of %d", r + 1, rounds);
                    done.add(
                            round(
                                    flink,
                                    publisher,
                                    bootstrap,
                                    keys,
                                    values,
                                    partitions,
                                    base + r * slot,
                                    warmup,
                                    records));
                }
                log(
                        "live phase: %d s at %,d records/s, demo and cluster-default settings",
                        liveSeconds, liveRate);
                latency =
                        LatencyRun.run(
                                flink,
                                publisher,
                                bootstrap,
                                List.of(JobSettings.DEMO, JobSettings.CLUSTER_DEFAULTS),
                                liveRate,
                                Duration.ofSeconds(liveSeconds));
            }
            Round last = done.get(done.size() - 1);
            BaselineRun.Result baseline = last.baseline();
            String setup =
                    String.format(
                            java.util.Locale.ROOT,
                            "in-process broker (KRaft, one node); %,d records (%,d requests, start + end"
                                    + " each, ~%d bytes of JSON per record) per run, each preceded by a"
                                    + " %,d-record warm-up; pipeline: Publisher (lz4, linger 5 ms, 64 KB,"
                                    + " idempotent, stall timeout %d s) → `%s` (%d partitions) →"
                                    + " RequestMetricsJob on a"
                                    + " MiniCluster (%s) → `%s`, read with read_committed; event times"
                                    + " compressed into the past (one request every %d ms, 5,000 per 10"
                                    + " s window); then the same through a request job with the cluster"
                                    + " defaults (%s) on topics of its own, then the floors; %s;"
                                    + " live phase %d s at %,d records/s",
                            records,
                            records / 2,
                            baseline.bytes() / baseline.records(),
                            warmup,
                            PUBLISHER_STALL_TIMEOUT.toSeconds(),
                            Topics.RAW_REQUESTS.name(),
                            Topics.RAW_REQUESTS.partitions(),
                            JobSettings.DEMO.describe(),
                            Topics.METRICS_REQUESTS.name(),
                            ThroughputRun.SPACING_MS,
                            JobSettings.CLUSTER_DEFAULTS.describe(),
                            rounds == 1
                                    ? "one round"
                                    : rounds
                                            + " rounds of all that, each on event times of its own",
                            liveSeconds,
                            liveRate);
            PipelineReport report =
                    new PipelineReport(
                            date,
                            Machine.capture(),
                            loadAtStart,
                            Machine.loadAverage(),
                            command(),
                            setup,
                            last,
                            done,
                            latency);
            String md = report.markdown();
            System.out.println(md);
            Files.createDirectories(results);
            Files.writeString(results.resolve("pipeline.md"), md, StandardCharsets.UTF_8);
        } finally {
            deleteTree(tmp);
        }
        System.exit(0); // Flink and Kafka leave non-daemon threads behind
    }

    /** The command as run: {@link #COMMAND} plus the options given. */
    private static String command() {
        boolean execJava =
                PipelineBench.class.getClassLoader() != ClassLoader.getSystemClassLoader();
        StringBuilder c =
                new StringBuilder(
                        execJava
                                ? COMMAND
                                : "java -cp <bench classes + dependencies> "
                                        + PipelineBench.class.getName());
        for (String key :
                List.of(
                        "bench.records",
                        "bench.rounds",
                        "bench.warmupRecords",
                        "bench.liveSeconds",
                        "bench.liveRate")) {
            if (System.getProperty(key) != null) {
                c.append(" -D").append(key).append('=').append(System.getProperty(key));
            }
        }
        JobSettings.kafkaOverrides()
                .forEach(
                        (k, v) ->
                                c.append(" -D")
                                        .append(JobSettings.KAFKA_PREFIX)
                                        .append(k)
                                        .append('=')
                                        .append(v));
        return c.toString();
    }

    /** Every run of one round, each with the bench JVM's CPU seconds during its measured batch. */
    record Round(
            BaselineRun.Result baseline,
            double baselineCpuSeconds,
            ThroughputRun.Result pipeline,
            double pipelineCpuSeconds,
            ThroughputRun.Result cluster,
            double clusterCpuSeconds,
            FloorRun.Result floor,
            double floorCpuSeconds,
            FloorRun.Result shuffledFloor,
            double shuffledFloorCpuSeconds) {}

    /**
     * One round: bare Kafka, the request job with the demo settings and with the cluster defaults
     * (their batches from {@code firstMs} on), and both floors.
     */
    private static Round round(
            BenchFlink flink,
            Publisher publisher,
            String bootstrap,
            byte[][] keys,
            byte[][] values,
            int partitions,
            long firstMs,
            long warmup,
            long records)
            throws Exception {
        log("baseline: warm-up %,d records, then %,d", warmup, records);
        BaselineRun.run(
                bootstrap, BASELINE_TOPIC, partitions, keys, values, warmup, timeout(warmup));
        double cpu0 = Machine.processCpuSeconds();
        BaselineRun.Result baseline =
                BaselineRun.run(
                        bootstrap,
                        BASELINE_TOPIC,
                        partitions,
                        keys,
                        values,
                        records,
                        timeout(records));
        double baselineCpu = Machine.processCpuSeconds() - cpu0;
        log("baseline: %,.0f records/s", baseline.recordsPerSecond());
        double[] pipelineCpu = new double[1];
        ThroughputRun.Result pipeline =
                throughput(
                        flink,
                        publisher,
                        bootstrap,
                        JobSettings.DEMO,
                        new Topics3(
                                Topics.RAW_REQUESTS, Topics.METRICS_REQUESTS, Topics.DEADLETTER),
                        firstMs,
                        warmup,
                        records,
                        pipelineCpu);
        double[] clusterCpu = new double[1];
        ThroughputRun.Result cluster =
                throughput(
                        flink,
                        publisher,
                        bootstrap,
                        JobSettings.CLUSTER_DEFAULTS,
                        new Topics3(CLUSTER_REQUESTS, CLUSTER_METRICS, CLUSTER_DEADLETTER),
                        firstMs,
                        warmup,
                        records,
                        clusterCpu);
        double[] floorCpu = new double[1];
        FloorRun.Result floor =
                floor(
                        flink,
                        publisher,
                        bootstrap,
                        FloorRun.Variant.SOURCE_ONLY,
                        warmup,
                        records,
                        floorCpu);
        double[] shuffledCpu = new double[1];
        FloorRun.Result shuffled =
                floor(
                        flink,
                        publisher,
                        bootstrap,
                        FloorRun.Variant.SHUFFLED,
                        warmup,
                        records,
                        shuffledCpu);
        return new Round(
                baseline,
                baselineCpu,
                pipeline,
                pipelineCpu[0],
                cluster,
                clusterCpu[0],
                floor,
                floorCpu[0],
                shuffled,
                shuffledCpu[0]);
    }

    /** The raw, derived and dead-letter topics of one throughput run's job. */
    record Topics3(
            TopicSpec<RequestEvent> raw,
            TopicSpec<RequestMetrics> metrics,
            TopicSpec<DeadLetter> deadLetters) {}

    /** Warm-up batch, then the measured batch, through one request job with {@code settings}. */
    private static ThroughputRun.Result throughput(
            BenchFlink flink,
            Publisher publisher,
            String bootstrap,
            JobSettings settings,
            Topics3 topics,
            long firstMs,
            long warmup,
            long records,
            double[] cpuSeconds)
            throws Exception {
        // An earlier round's job wrote to the same dead-letter topic: count only what this one
        // adds.
        java.util.Map<String, Long> deadBefore =
                DeadLetterTally.count(bootstrap, topics.deadLetters());
        StreamExecutionEnvironment env = flink.newEnvironment(settings.parallelism());
        JobConfig config =
                settings.jobConfig(
                        bootstrap, "bench-pipeline-" + settings.label().replace(' ', '-'));
        new RequestMetricsJob(
                        KafkaIo.source(
                                config, topics.raw(), RequestEvent::tsMs, RequestMetricsJob.NAME),
                        KafkaIo.source(
                                config,
                                Topics.RAW_TOKENS,
                                TokenProgress::tsMs,
                                RequestMetricsJob.NAME),
                        RequestMetricsJob.metricsSink(config, topics.metrics()),
                        RequestMetricsJob.deadLetterSink(config, topics.deadLetters()),
                        config)
                .build(env);
        JobID job =
                flink.submitAndAwaitRunning(
                        env, "pipeline throughput, " + settings.label(), Duration.ofSeconds(90));
        // Event time must stay in the past (the job refuses records > 5 min ahead): the caller
        // starts early enough that both batches and their tails end well before now.
        long first = firstMs;
        try (DerivedWindowWatcher watcher =
                new DerivedWindowWatcher(
                        bootstrap,
                        topics.metrics().name(),
                        topics.metrics().partitions(),
                        topics.metrics().codec())) {
            log("pipeline (%s): warm-up %,d records", settings.label(), warmup);
            ThroughputRun.Result warm =
                    ThroughputRun.batch(
                            publisher,
                            watcher,
                            topics.raw(),
                            "warm-",
                            first,
                            warmup,
                            timeout(warmup),
                            () -> flink.status(job));
            if (!warm.complete()) {
                log(
                        "pipeline warm-up incomplete: %d of %d finishes",
                        warm.finishes(), warm.expectedFinishes());
            }
            log(
                    "pipeline (%s): dead letters after the warm-up: %s",
                    settings.label(),
                    DeadLetterTally.since(
                            deadBefore, DeadLetterTally.count(bootstrap, topics.deadLetters())));
            log("pipeline (%s): %,d records", settings.label(), records);
            double cpu0 = Machine.processCpuSeconds();
            ThroughputRun.Result result =
                    ThroughputRun.batch(
                            publisher,
                            watcher,
                            topics.raw(),
                            "run-",
                            warm.nextEventTimeMs(),
                            records,
                            timeout(records),
                            () -> flink.status(job));
            cpuSeconds[0] = Machine.processCpuSeconds() - cpu0;
            java.util.Map<String, Long> deadLetters =
                    DeadLetterTally.since(
                            deadBefore, DeadLetterTally.count(bootstrap, topics.deadLetters()));
            log("pipeline (%s): dead letters after the run: %s", settings.label(), deadLetters);
            log(
                    "pipeline (%s): %,.0f records/s (%s)",
                    settings.label(),
                    result.recordsPerSecond(),
                    result.complete() ? "complete" : "INCOMPLETE");
            return result.withDeadLetters(deadLetters);
        } finally {
            flink.cancel(job);
        }
    }

    /**
     * The same batches through a {@link FloorRun} job, on the same cluster and publisher, after the
     * previous job was cancelled.
     */
    private static FloorRun.Result floor(
            BenchFlink flink,
            Publisher publisher,
            String bootstrap,
            FloorRun.Variant variant,
            long warmup,
            long records,
            double[] cpuSeconds)
            throws Exception {
        JobID job = FloorRun.start(flink, JobSettings.DEMO, bootstrap, variant);
        try {
            long first = Traffic.alignDown(System.currentTimeMillis() - 3_600_000);
            String tag = variant == FloorRun.Variant.SOURCE_ONLY ? "f" : "s";
            log("floor (%s): warm-up %,d records", variant.label, warmup);
            FloorRun.batch(publisher, tag + "warm-", first, warmup, timeout(warmup));
            log("floor (%s): %,d records", variant.label, records);
            double cpu0 = Machine.processCpuSeconds();
            FloorRun.Result result =
                    FloorRun.batch(
                            publisher,
                            tag + "floor-",
                            first + warmup * ThroughputRun.SPACING_MS,
                            records,
                            timeout(records));
            cpuSeconds[0] = Machine.processCpuSeconds() - cpu0;
            log(
                    "floor (%s): %,.0f records/s (%s)",
                    variant.label,
                    result.recordsPerSecond(),
                    result.complete() ? "complete" : "INCOMPLETE");
            return result;
        } finally {
            flink.cancel(job);
        }
    }

    /** Generous: only a failing or starved job runs into it (the report then says incomplete). */
    private static Duration timeout(long records) {
        return Duration.ofSeconds(60 + records / 2_000);
    }

    private static void fillPool(byte[][] keys, byte[][] values) {
        RequestTraffic traffic =
                new RequestTraffic(
                        "base-",
                        Traffic.alignDown(System.currentTimeMillis() - 3_600_000),
                        2,
                        keys.length,
                        7);
        for (int i = 0; i < keys.length; i++) {
            RequestEvent e = traffic.next();
            keys[i] = e.requestId().getBytes(StandardCharsets.UTF_8);
            values[i] = Topics.RAW_REQUESTS.codec().encode(e);
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("[pipeline-bench] " + format + "%n", args);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
