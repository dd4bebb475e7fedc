package io.inferscope.local.sim;

import io.inferscope.simulator.ReplicaStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Container logs of the simulated model servers, written as the kubelet writes them: CRI format
 * ({@code TIMESTAMP STREAM P|F MESSAGE}) under {@code ROOT/NAMESPACE_POD_UID/vllm/N.log}, where N
 * is the container's restart count, so a crash-looping container starts a new file per restart
 * exactly as on a node. The real logs collector tails this directory in the demo.
 *
 * <p>The lines imitate a vLLM server: a startup banner, periodic engine stats in vLLM's text format
 * ({@code INFO 11-29 06:45:32 metrics.py:351] Avg prompt throughput: ...}), JSON access lines with
 * a request id for failed and slow requests, and errors around the demo's incidents (a CUDA error
 * and a traceback before each crash, KV-cache preemption warnings and CUDA out-of-memory errors
 * under GPU memory pressure). No prompt or completion text appears: a real server logs none at this
 * level either.
 *
 * <p>Not thread-safe: the demo scenario calls it from its single scheduler thread.
 */
public final class SimulatedLogs {
    static final DateTimeFormatter CRI_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
                    .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter VLLM_TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final long STATS_EVERY_MS = 5_000;

    private final Path root;
    private final SimDeployment dep;
    private final LongSupplier clock;
    private final Random random = new Random(42);
    private final Map<String, Open> open = new HashMap<>();
    private final Map<String, ReplicaStats> last = new HashMap<>();
    private final Map<String, Long> lastStatsMs = new HashMap<>();
    private long pressureSeconds;

    public SimulatedLogs(Path root, SimDeployment dep, LongSupplier clock) {
        this.root = root;
        this.dep = dep;
        this.clock = clock;
    }

    /** The directory the logs collector should tail (CRI layout below it). */
    public Path root() {
        return root;
    }

    /** A container (re)started: a new {@code N.log} with the server's startup lines. */
    public void started(PodState pod) {
        Open f = file(pod);
        f.info("api_server.py:712] vLLM API server version 0.11.0");
        f.info("model_runner.py:1056] Loading model weights took 14.2 GiB");
        f.info("gpu_executor.py:122] # GPU blocks: 6524, # CPU blocks: 2048");
        f.info("launcher.py:28] Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)");
    }

    /**
     * Once a second: engine stats every few seconds per running pod, and an access line for each
     * request that failed since the last call (with a made-up request id, as a gateway would have
     * forwarded).
     */
    public void tick(PodState pod, ReplicaStats stats) {
        if (pod == null || stats == null || !pod.isRunningContainer()) {
            return;
        }
        Open f = file(pod);
        long now = clock.getAsLong();
        ReplicaStats before = last.put(pod.name(), stats);
        if (before != null && !stats.down()) {
            long failed = stats.failedRequests() - before.failedRequests();
            for (long i = 0; i < Math.min(failed, 5); i++) {
                f.json(
                        "error",
                        "request failed: upstream engine error",
                        "req-" + Long.toHexString(random.nextLong() & 0xffffffffffL),
                        500);
            }
            if (stats.queued() > stats.slots()) {
                f.warn(
                        String.format(
                                Locale.ROOT,
                                "scheduler.py:1460] Sequence group is waiting: %d requests"
                                        + " pending, all %d batch slots busy",
                                stats.queued(),
                                stats.slots()));
            }
        }
        Long prev = lastStatsMs.get(pod.name());
        if (prev == null || now - prev >= STATS_EVERY_MS) {
            lastStatsMs.put(pod.name(), now);
            f.info(
                    String.format(
                            Locale.ROOT,
                            "metrics.py:351] Avg prompt throughput: %.1f tokens/s, Avg generation"
                                    + " throughput: %.1f tokens/s, Running: %d reqs, Swapped: 0"
                                    + " reqs, Pending: %d reqs, GPU KV cache usage: %.1f%%",
                            rate(before, stats, true),
                            rate(before, stats, false),
                            stats.activeSlots(),
                            stats.queued(),
                            100 * stats.kvCacheFill()));
        }
    }

    /** The container is about to die: the error that kills it, on stderr. */
    public void crashing(PodState pod) {
        Open f = file(pod);
        f.err("ERROR", "engine.py:172] Engine background task failed");
        f.stderr("Traceback (most recent call last):");
        f.stderr("  File \"/usr/lib/python3/vllm/worker/model_runner.py\", line 1418, in execute");
        f.stderr(
                "RuntimeError: CUDA error: an illegal memory access was encountered (request"
                        + " batch of "
                        + (8 + random.nextInt(24))
                        + " sequences)");
        f.err("ERROR", "api_server.py:301] Engine process terminated, exiting with code 1");
    }

    /** One second of GPU memory pressure on {@code pod}: preemption and out-of-memory errors. */
    public void pressure(PodState pod) {
        if (pod == null || !pod.isRunningContainer()) {
            return;
        }
        Open f = file(pod);
        f.warn(
                "scheduler.py:1093] Sequence group preempted by PreemptionMode.RECOMPUTE because"
                        + " there is not enough KV cache space; total_num_cumulative_preemption="
                        + (1 + random.nextInt(500)));
        // The first second of pressure always fails a request, then every third second.
        if (pressureSeconds++ % 3 == 0) {
            f.json(
                    "error",
                    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 512.00 MiB",
                    "req-" + Long.toHexString(random.nextLong() & 0xffffffffffL),
                    503);
        }
    }

    private static double rate(ReplicaStats before, ReplicaStats now, boolean prompt) {
        if (before == null) {
            return 0;
        }
        long d =
                prompt
                        ? now.promptTokens() - before.promptTokens()
                        : now.completedTokens() - before.completedTokens();
        return Math.max(0, d);
    }

    private Open file(PodState pod) {
        Open f = open.get(pod.name());
        if (f == null || f.restart != pod.restartCount()) {
            Path dir =
                    root.resolve(dep.namespace() + "_" + pod.name() + "_" + pod.uid())
                            .resolve(K8sObjects.CONTAINER);
            f = new Open(dir.resolve(pod.restartCount() + ".log"), pod.restartCount());
            open.put(pod.name(), f);
        }
        return f;
    }

    /** One container log file; every line is appended and closed at once, as the kubelet does. */
    private final class Open {
        final Path path;
        final int restart;

        Open(Path path, int restart) {
            this.path = path;
            this.restart = restart;
        }

        void info(String rest) {
            line(
                    "stdout",
                    "INFO "
                            + VLLM_TIME.format(Instant.ofEpochMilli(clock.getAsLong()))
                            + " "
                            + rest);
        }

        void warn(String rest) {
            err("WARNING", rest);
        }

        void err(String level, String rest) {
            line(
                    "stderr",
                    level
                            + " "
                            + VLLM_TIME.format(Instant.ofEpochMilli(clock.getAsLong()))
                            + " "
                            + rest);
        }

        void stderr(String text) {
            line("stderr", text);
        }

        void json(String level, String msg, String requestId, int status) {
            line(
                    "stdout",
                    String.format(
                            Locale.ROOT,
                            "{\"level\":\"%s\",\"msg\":\"%s\",\"request_id\":\"%s\",\"status\":%d,"
                                    + "\"path\":\"/v1/chat/completions\"}",
                            level,
                            msg,
                            requestId,
                            status));
        }

        void line(String stream, String message) {
            String cri =
                    CRI_TIME.format(Instant.ofEpochMilli(clock.getAsLong()))
                            + " "
                            + stream
                            + " F "
                            + message
                            + "\n";
            try {
                Files.createDirectories(path.getParent());
                try (Writer w =
                        Files.newBufferedWriter(
                                path,
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND)) {
                    w.write(cri);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write simulated log " + path, e);
            }
        }
    }
}
