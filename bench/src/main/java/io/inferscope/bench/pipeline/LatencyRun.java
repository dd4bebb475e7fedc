package io.inferscope.bench.pipeline;

import io.inferscope.collector.core.Publisher;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.jobs.requests.RequestMetricsJob;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The live phase: records published in real time (event time = now) at a steady rate, read by one
 * request job per {@link JobSettings} at the same time, each writing its own derived topic. For
 * every 10 s {@code deployment_model} window the watermark closed while traffic flowed, delay =
 * wall time its record became visible to a {@code read_committed} reader − {@code window_end_ms}.
 */
final class LatencyRun {
    static final TopicSpec<RequestEvent> LIVE_REQUESTS =
            Traffic.requestTopic("bench.live.requests");
    static final TopicSpec<DeadLetter> LIVE_DEADLETTER =
            new TopicSpec<>("bench.live.deadletter", DeadLetter.class, "source topic", 1, Map.of());

    /** The derived topic of the job with these settings. */
    static TopicSpec<RequestMetrics> metricsTopic(JobSettings s) {
        return new TopicSpec<>(
                "bench.live.metrics." + s.label().replace(' ', '-'),
                RequestMetrics.class,
                "deployment/model[/replica]",
                1,
                Map.of());
    }

    /** The delays of one job's windows. */
    record Result(
            JobSettings settings,
            long[] delaysMs,
            long expectedWindows,
            long duplicates,
            String jobStatus) {}

    private LatencyRun() {}

    static List<Result> run(
            BenchFlink flink,
            Publisher publisher,
            String bootstrap,
            List<JobSettings> settings,
            int recordsPerSecond,
            Duration duration)
            throws Exception {
        List<JobID> jobs = new ArrayList<>();
        List<DerivedWindowWatcher> watchers = new ArrayList<>();
        try {
            for (JobSettings s : settings) {
                JobConfig config =
                        s.jobConfig(bootstrap, "bench-live-" + s.label().replace(' ', '-'));
                StreamExecutionEnvironment env = flink.newEnvironment(s.parallelism());
                new RequestMetricsJob(
                                KafkaIo.source(
                                        config,
                                        LIVE_REQUESTS,
                                        RequestEvent::tsMs,
                                        RequestMetricsJob.NAME),
                                KafkaIo.source(
                                        config,
                                        Topics.RAW_TOKENS,
                                        TokenProgress::tsMs,
                                        RequestMetricsJob.NAME),
                                RequestMetricsJob.metricsSink(config, metricsTopic(s)),
                                RequestMetricsJob.deadLetterSink(config, LIVE_DEADLETTER),
                                config)
                        .build(env);
                jobs.add(
                        flink.submitAndAwaitRunning(
                                env, "live " + s.label(), Duration.ofSeconds(90)));
                watchers.add(
                        new DerivedWindowWatcher(
                                bootstrap,
                                metricsTopic(s).name(),
                                1,
                                Topics.METRICS_REQUESTS.codec()));
            }
            // The empty token topic must be marked idle (after --idleness) before it stops
            // holding back the watermark; wait that out so the first window is not penalised.
            Thread.sleep(settings.get(0).idleness().toMillis() + 1_000);

            long start = System.currentTimeMillis() + 100;
            long spacingMs = Math.max(1, 2_000 / recordsPerSecond); // two records per request
            long requests = duration.toMillis() / spacingMs;
            RequestTraffic traffic = new RequestTraffic("live-", start, spacingMs, requests, 42);
            List<WindowDelays> delays = new ArrayList<>();
            List<Long> lastEnds = new ArrayList<>();
            long lastTs = traffic.latestPossibleMs();
            for (int i = 0; i < settings.size(); i++) {
                JobSettings s = settings.get(i);
                // The watermark reaches end - 1 + lateness only once records reach end + OOO +
                // lateness; a half-second margin for partitions whose last record is earlier.
                long lastEnd = lastTs - s.watermarkDelayMs() - 500;
                lastEnds.add(lastEnd);
                WindowDelays d =
                        new WindowDelays((int) (Traffic.WINDOW_MS / 1000), start + 1, lastEnd);
                delays.add(d);
                watchers.get(i).addListener(d::accept);
            }
            long refused = Traffic.publishLive(publisher, LIVE_REQUESTS, traffic);
            if (refused > 0) {
                throw new IllegalStateException("publisher refused " + refused + " live records");
            }
            List<Result> results = new ArrayList<>();
            long drainUntil = System.currentTimeMillis() + 15_000;
            for (int i = 0; i < settings.size(); i++) {
                JobSettings s = settings.get(i);
                long expected =
                        WindowDelays.windowEndsBetween(
                                        start + 1,
                                        lastEnds.get(i),
                                        (int) (Traffic.WINDOW_MS / 1000))
                                * RequestTraffic.GROUPS;
                while (delays.get(i).delays().length < expected
                        && System.currentTimeMillis() < drainUntil) {
                    Thread.sleep(50);
                }
                results.add(
                        new Result(
                                s,
                                delays.get(i).delays(),
                                expected,
                                delays.get(i).duplicates(),
                                flink.status(jobs.get(i))));
            }
            return results;
        } finally {
            for (DerivedWindowWatcher w : watchers) {
                w.close();
            }
            jobs.forEach(flink::cancel);
        }
    }
}
