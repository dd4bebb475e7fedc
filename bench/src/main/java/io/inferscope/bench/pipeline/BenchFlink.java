package io.inferscope.bench.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One MiniCluster for every job of the benchmark, the way the demo runs its jobs ({@code
 * LocalFlink}): graphs are built on a plain environment and submitted here. Temp files go under the
 * given directory, which the harness deletes.
 */
final class BenchFlink implements AutoCloseable {
    private final MiniCluster cluster;
    private final Path tmpDir;

    private BenchFlink(MiniCluster cluster, Path tmpDir) {
        this.cluster = cluster;
        this.tmpDir = tmpDir;
    }

    static BenchFlink start(Path tmpDir, int slots) throws Exception {
        Configuration conf = checkpointStorage(tmpDir);
        conf.set(RestOptions.BIND_PORT, "0"); // never collide with a dashboard already running
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(CoreOptions.TMP_DIRS, tmpDir.toString());
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("32m"));
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
        return new BenchFlink(cluster, tmpDir);
    }

    /**
     * Checkpoints to files, as on a real cluster. The default (the JobManager's memory) caps a
     * subtask's state at 5 MB, and the request job's lifecycle state passes that while it works
     * through a backlog: checkpoints then fail and the job restarts over and over.
     */
    private static Configuration checkpointStorage(Path tmpDir) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                tmpDir.resolve("checkpoints").toUri().toString());
        return conf;
    }

    /** A fresh environment to build one job's graph on (with the cluster's checkpoint storage). */
    StreamExecutionEnvironment newEnvironment(int parallelism) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(checkpointStorage(tmpDir));
        env.setParallelism(parallelism);
        return env;
    }

    /** Submits the graph built on {@code env}; returns once every task of it is running. */
    JobID submitAndAwaitRunning(StreamExecutionEnvironment env, String name, Duration timeout)
            throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        if (BenchFlink.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
            // exec:java runs the bench in its own class loader, but a MiniCluster resolves a job
            // with no jars and no classpath against the system class loader (and fails on every
            // Flink class). One classpath entry (an empty dir) makes it use a child of the loader
            // Flink itself came from.
            graph.setClasspath(List.of(tmpDir.toUri().toURL()));
        }
        JobID id = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allTasksRunning(id)) {
            JobStatus status = cluster.getJobStatus(id).get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not start: " + status);
            }
            Thread.sleep(100);
        }
        return id;
    }

    private boolean allTasksRunning(JobID id) throws Exception {
        AccessExecutionGraph graph = cluster.getExecutionGraph(id).get(10, TimeUnit.SECONDS);
        if (graph.getState() != JobStatus.RUNNING) {
            return false;
        }
        for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
            if (v.getExecutionState() != ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /** Fails with the job's status when it stopped running (a restart loop shows up as such). */
    String status(JobID id) {
        try {
            return cluster.getJobStatus(id).get(10, TimeUnit.SECONDS).name();
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    void cancel(JobID id) {
        try {
            cluster.cancelJob(id).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Already finished or failed: closing the cluster stops it anyway.
        }
    }

    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(60, TimeUnit.SECONDS);
    }
}
