package io.inferscope.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One Flink MiniCluster with its web dashboard, shared by every job of the demo. A local
 * environment's {@code executeAsync} would start a MiniCluster per job; instead the jobs' graphs
 * are built on a plain environment and submitted here, which is also how they reach a real cluster
 * (a job graph submitted to a dispatcher).
 *
 * <p>Temporary files (blobs, the RPC jar Flink unpacks at start, spill files) go under the given
 * directory so the demo can remove them on exit.
 */
final class LocalFlink implements AutoCloseable {
    private final MiniCluster cluster;
    private final List<JobID> jobs = new ArrayList<>();
    private final int parallelism;
    private final Configuration jobConf;

    private LocalFlink(MiniCluster cluster, int parallelism, Configuration jobConf) {
        this.cluster = cluster;
        this.jobConf = jobConf;
        this.parallelism = parallelism;
    }

    static LocalFlink start(int restPort, Path tmpDir, int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, restPort);
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(CoreOptions.TMP_DIRS, tmpDir.toString());
        // Checkpoints on disk under the demo's dir: the default (JobManager memory) caps state at
        // 5 MB per subtask, which a catch-up burst of the request job exceeds.
        Configuration jobConf = new Configuration();
        jobConf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        jobConf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                tmpDir.resolve("checkpoints").toUri().toString());
        conf.addAll(jobConf);
        conf.set(WebOptions.UPLOAD_DIR, tmpDir.resolve("web-upload").toString());
        conf.set(WebOptions.TMP_DIR, tmpDir.resolve("web").toString());
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        // Small memory footprint: these jobs keep heap state only.
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("32m"));
        // Five exactly-once jobs at parallelism 2 ask for ~47 MB of network buffers.
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        cluster.start();
        return new LocalFlink(cluster, Math.max(1, Math.min(2, slots)), jobConf);
    }

    /** The port the dashboard and REST API listen on (the chosen one when 0 was asked). */
    int restPort() {
        try {
            return cluster.getRestAddress().get(10, TimeUnit.SECONDS).getPort();
        } catch (Exception e) {
            throw new IllegalStateException("Flink REST endpoint did not come up", e);
        }
    }

    /** A fresh environment to build one job's graph on, at the demo's parallelism. */
    StreamExecutionEnvironment newEnvironment() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(jobConf);
        env.setParallelism(parallelism);
        return env;
    }

    /** Submits the graph built on {@code env} and waits until the cluster accepted it. */
    JobID submit(StreamExecutionEnvironment env, String name) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        JobID id = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
        jobs.add(id);
        return id;
    }

    String jobStatus(JobID id) {
        try {
            return cluster.getJobStatus(id).get(5, TimeUnit.SECONDS).name();
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    @Override
    public void close() throws Exception {
        for (JobID id : jobs) {
            try {
                cluster.cancelJob(id).get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // The job may already be finished or failed; closing the cluster stops it anyway.
            }
        }
        cluster.closeAsync().get(30, TimeUnit.SECONDS);
    }
}
