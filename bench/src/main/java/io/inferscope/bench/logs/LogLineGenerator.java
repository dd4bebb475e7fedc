package io.inferscope.bench.logs;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogLine.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic container log lines of an LLM serving fleet, reproducible from a seed: vLLM engine
 * stats and request lines, a gateway's access and error lines, an Envoy sidecar's access log. About
 * 84 % info, 8 % debug, 6 % warn, 2 % error; 40 % carry a request id, each request appears on two
 * or three lines. Numbers and ids vary per line, as in real logs (many unique terms).
 */
final class LogLineGenerator {
    static final String[] DEPLOYMENTS = {
        "chat-llama-70b",
        "chat-llama-8b",
        "code-qwen-32b",
        "embed-bge",
        "summarize-mistral",
        "rerank"
    };
    private static final String[] NAMESPACES = {"inference", "batch"};
    private static final String[] CONTAINERS = {"vllm", "gateway", "istio-proxy"};
    private static final int PODS_PER_DEPLOYMENT = 4;
    private static final int KEPT_IDS = 10_000;

    private final SplittableRandom rnd;
    private final List<String> requestIds = new ArrayList<>();
    private String openRequest;
    private long requests;

    LogLineGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** A sample of the request ids generated so far (for request-id queries). */
    List<String> requestIds() {
        return requestIds;
    }

    LogLine next(long tsMs) {
        int d = rnd.nextInt(DEPLOYMENTS.length);
        String deployment = DEPLOYMENTS[d];
        String pod =
                deployment
                        + "-7d9f8b6c5-"
                        + Integer.toString(36 * 36 + d * 7 + rnd.nextInt(PODS_PER_DEPLOYMENT), 36);
        String container = CONTAINERS[rnd.nextInt(10) < 6 ? 0 : rnd.nextInt(2) + 1];
        Labels labels =
                new Labels(
                        "prod-eu", NAMESPACES[d % 2], deployment, model(d), pod, "gpu-node-" + d);
        int roll = rnd.nextInt(1000);
        Level level;
        String requestId = null;
        String message;
        if (roll < 80) {
            level = Level.DEBUG;
            message = fmt("Scheduler step took %.2f ms, batch size %d", ms(), rnd.nextInt(1, 64));
        } else if (roll < 380) {
            level = Level.INFO;
            message =
                    fmt(
                            "Avg prompt throughput: %.1f tokens/s, Avg generation throughput: %.1f"
                                    + " tokens/s, Running: %d reqs, Swapped: 0 reqs, Pending: %d"
                                    + " reqs, GPU KV cache usage: %.1f%%",
                            rnd.nextDouble() * 4000,
                            rnd.nextDouble() * 1500,
                            rnd.nextInt(64),
                            rnd.nextInt(16),
                            rnd.nextDouble() * 100);
        } else if (roll < 620) {
            level = Level.INFO;
            requestId = newRequest();
            message =
                    fmt(
                            "Received request %s: prompt tokens %d, max_tokens %d, stream true",
                            requestId, rnd.nextInt(20, 8000), rnd.nextInt(16, 2048));
        } else if (roll < 780) {
            level = Level.INFO;
            requestId = currentRequest();
            message =
                    fmt(
                            "Finished request %s in %.2f s, %d completion tokens",
                            requestId, rnd.nextDouble() * 30, rnd.nextInt(1, 2048));
        } else if (roll < 940) {
            level = Level.INFO;
            message =
                    fmt(
                            "[%s] \"POST /v1/chat/completions HTTP/1.1\" 200 - via_upstream %d %d"
                                    + " %d \"10.%d.%d.%d\"",
                            "2026-11-29T06:00:00.000Z",
                            rnd.nextInt(100, 20000),
                            rnd.nextInt(100, 90000),
                            rnd.nextInt(5, 30000),
                            rnd.nextInt(256),
                            rnd.nextInt(256),
                            rnd.nextInt(256));
        } else if (roll < 980) {
            level = Level.WARN;
            message =
                    rnd.nextBoolean()
                            ? fmt(
                                    "Sequence group %d is preempted by PreemptionMode.RECOMPUTE"
                                            + " mode because there is not enough KV cache space.",
                                    rnd.nextInt(1_000_000))
                            : fmt("upstream %s slow: ttft %d ms", pod, rnd.nextInt(2000, 20000));
        } else if (roll < 999) {
            level = Level.ERROR;
            requestId = currentRequest();
            message =
                    switch (rnd.nextInt(3)) {
                        case 0 ->
                                fmt(
                                        "Request %s failed: upstream timeout after %d ms",
                                        requestId, rnd.nextInt(30000, 60000));
                        case 1 ->
                                fmt(
                                        "connection reset by peer while streaming %s from 10.0.%d.%d",
                                        requestId, rnd.nextInt(256), rnd.nextInt(256));
                        default ->
                                fmt(
                                        "torch.OutOfMemoryError: CUDA out of memory. Tried to"
                                                + " allocate %.2f GiB. GPU 0 has %.2f GiB free.",
                                        rnd.nextDouble() * 8, rnd.nextDouble());
                    };
        } else {
            level = Level.FATAL;
            message = "Engine core died unexpectedly: RuntimeError: NCCL error, restarting";
        }
        return new LogLine(
                tsMs,
                labels,
                container,
                level == Level.ERROR ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT,
                level,
                message,
                requestId,
                Map.of(),
                null);
    }

    private String newRequest() {
        openRequest = "chatcmpl-" + Long.toHexString(0x1000_0000_0000L + requests++ * 7919);
        if (requestIds.size() < KEPT_IDS) {
            requestIds.add(openRequest);
        } else if (rnd.nextInt(100) == 0) {
            requestIds.set(rnd.nextInt(KEPT_IDS), openRequest);
        }
        return openRequest;
    }

    private String currentRequest() {
        return openRequest == null ? newRequest() : openRequest;
    }

    private double ms() {
        return rnd.nextDouble() * 50;
    }

    private static String model(int d) {
        return new String[] {
                    "llama-3-70b",
                    "llama-3-8b",
                    "qwen2.5-coder-32b",
                    "bge-large",
                    "mistral-7b",
                    "bge-rerank"
                }
                [d];
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
