package io.inferscope.local;

import io.inferscope.jobs.alerts.AlertJob;
import io.inferscope.jobs.cluster.ClusterMetricsJob;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.gpu.GpuMetricsJob;
import io.inferscope.jobs.logs.LogMetricsJob;
import io.inferscope.jobs.requests.RequestMetricsJob;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.List;

/**
 * The stream jobs {@code inferscope demo} runs in its MiniCluster, each built on its own
 * environment and submitted as its own job (as on a real cluster). They share the demo's {@link
 * JobConfig}; each job derives its own consumer group and transactional-id prefix from its name.
 */
final class DemoJobs {
    /** Task slots of the MiniCluster: parallelism 2 × every job. */
    static final int SLOTS = 10;

    private DemoJobs() {}

    /** Submits every job; returns the metrics topics they write, for the live summary. */
    static List<TopicSpec<?>> submitAll(LocalFlink flink, JobConfig config) throws Exception {
        var env = flink.newEnvironment();
        RequestMetricsJob.forKafka(config).build(env);
        flink.submit(env, "inferscope " + RequestMetricsJob.NAME);
        env = flink.newEnvironment();
        GpuMetricsJob.forKafka(config).build(env);
        flink.submit(env, "inferscope " + GpuMetricsJob.NAME);
        env = flink.newEnvironment();
        ClusterMetricsJob.forKafka(config).build(env);
        flink.submit(env, "inferscope " + ClusterMetricsJob.NAME);
        env = flink.newEnvironment();
        LogMetricsJob.forKafka(config).build(env);
        flink.submit(env, "inferscope " + LogMetricsJob.NAME);
        env = flink.newEnvironment();
        AlertJob.forKafka(config).build(env); // the bundled default rules
        flink.submit(env, "inferscope " + AlertJob.NAME);
        return List.of(Topics.METRICS_REQUESTS, Topics.METRICS_GPU, Topics.METRICS_CLUSTER);
    }
}
