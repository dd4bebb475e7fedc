package io.inferscope.jobs.alerts;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.Quantiles;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/** Named times, derived-record builders and an evaluator harness for the alert tests. */
final class AlertFixtures {
    /** A window start (multiple of 10 s). */
    static final long T0 = 1_700_000_000_000L;

    /** Processing time when the first window arrives: 15 s after it ended. */
    static final long WALL0 = T0 + 25_000L;

    static final Labels CHAT = new Labels("local", "demo", "llm-chat", "llama", null, null);
    static final Labels CHAT_DEPLOYMENT = new Labels("local", "demo", "llm-chat", null, null, null);
    static final AlertOptions OPTIONS =
            AlertOptions.defaults()
                    .withTiming(
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(5),
                            Duration.ofMinutes(5),
                            Duration.ofHours(1));

    private AlertFixtures() {}

    static long t(int seconds) {
        return T0 + seconds * 1000L;
    }

    /** A 10 s request window starting at {@code start} with TTFT p99 and queue p90 values. */
    static RequestMetrics requests(long start, double ttftP99, double queueP90) {
        return requests(start, ttftP99, queueP90, 100, 0);
    }

    /** A window in which nothing finished: no latency quantiles at all. */
    static RequestMetrics idleRequests(long start) {
        RequestMetrics r = requests(start, 1, 1, 0, 0);
        return new RequestMetrics(
                r.windowStartMs(),
                r.windowEndMs(),
                r.windowS(),
                r.scope(),
                r.labels(),
                r.arrivals(),
                r.finishes(),
                r.errors(),
                r.errorsByClass(),
                r.rps(),
                r.finishRps(),
                r.errorRate(),
                r.inflightMax(),
                r.inflightMean(),
                r.inflightEnd(),
                r.promptTokens(),
                r.completionTokens(),
                r.promptTps(),
                r.completionTps(),
                r.goodFinishes(),
                r.goodputRps(),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static RequestMetrics requests(
            long start, double ttftP99, double queueP90, long finishes, long errors) {
        Quantiles ttft =
                new Quantiles(
                        finishes,
                        ttftP99 / 2,
                        1.0,
                        ttftP99,
                        ttftP99 / 2,
                        ttftP99,
                        ttftP99,
                        ttftP99,
                        null);
        Quantiles queue =
                new Quantiles(
                        finishes,
                        queueP90 / 2,
                        0.0,
                        queueP90,
                        0.0,
                        queueP90,
                        queueP90,
                        queueP90,
                        null);
        return new RequestMetrics(
                start,
                start + 10_000,
                10,
                Scope.DEPLOYMENT_MODEL,
                CHAT,
                finishes,
                finishes,
                errors,
                Map.of(),
                finishes / 10.0,
                finishes / 10.0,
                finishes == 0 ? 0 : errors / (double) finishes,
                5,
                3.0,
                2,
                0,
                0,
                0,
                0,
                finishes - errors,
                0,
                null,
                ttft,
                queue,
                null,
                null,
                null);
    }

    static GpuMetrics gpu(long start, double utilMean, double memRatio) {
        return new GpuMetrics(
                start,
                start + 10_000,
                10,
                Scope.DEPLOYMENT,
                CHAT_DEPLOYMENT,
                null,
                3,
                30,
                utilMean,
                utilMean,
                utilMean,
                (long) (80e9 * memRatio),
                240_000_000_000L,
                memRatio,
                60.0,
                300.0,
                0);
    }

    static ClusterMetrics cluster(long start, long restarts) {
        return cluster(start, restarts, CHAT_DEPLOYMENT);
    }

    static ClusterMetrics cluster(long start, long restarts, Labels labels) {
        return new ClusterMetrics(
                start,
                start + 10_000,
                10,
                labels,
                3,
                3,
                3,
                3,
                null,
                null,
                null,
                null,
                Map.of("Running", 3),
                restarts > 0 ? Map.of("CrashLoopBackOff", 1) : Map.of(),
                0,
                restarts,
                0,
                null,
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of());
    }

    static K8sRecord event(long ts, String type, String reason, String pod) {
        return event(ts, type, reason, pod, "ev-" + reason + "-" + ts, 1);
    }

    /** An event object {@code uid} as Kubernetes repeats it: same uid, growing count. */
    static K8sRecord event(long ts, String type, String reason, String pod, String uid, int count) {
        return new K8sRecord(
                K8sRecord.Kind.EVENT,
                ts,
                K8sRecord.Action.ADDED,
                uid,
                "local",
                "demo",
                pod + "." + ts,
                null,
                null,
                null,
                null,
                new K8sRecord.Event(
                        type,
                        reason,
                        reason + " of " + pod,
                        "Pod",
                        pod,
                        "uid-" + pod,
                        "llm-chat",
                        count,
                        ts,
                        ts),
                null);
    }

    static LogLine errorLine(long ts, String pod, String message) {
        return new LogLine(
                ts,
                new Labels("local", "demo", "llm-chat", null, pod, "node-1"),
                "vllm",
                LogLine.Stream.STDERR,
                LogLine.Level.ERROR,
                message,
                null,
                null,
                null);
    }

    /** An evaluator harness with {@code yaml} as its initial rules, at processing time WALL0. */
    static KeyedBroadcastOperatorTestHarness<String, Signal, Tuple2<String, String>, Alert> harness(
            String yaml) throws Exception {
        InitialRules rules = InitialRules.parse(yaml, "test", 10, T0);
        if (rules.rules().size() != rules.statuses().size()) {
            throw new AssertionError("test rules refused: " + rules.statuses());
        }
        var h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new AlertEvaluator(rules.rules(), OPTIONS, 10),
                        s -> s.key,
                        Types.STRING,
                        AlertEvaluator.RULES);
        h.setProcessingTime(WALL0);
        return h;
    }

    static List<Alert> alerts(KeyedBroadcastOperatorTestHarness<?, ?, ?, Alert> h) {
        return h.extractOutputValues();
    }

    /** The statuses with periodic re-sends dropped: firing → resolved transitions only. */
    static List<Alert.Status> transitions(KeyedBroadcastOperatorTestHarness<?, ?, ?, Alert> h) {
        List<Alert.Status> out = new java.util.ArrayList<>();
        for (Alert.Status s : statuses(h)) {
            if (out.isEmpty() || out.get(out.size() - 1) != s) {
                out.add(s);
            }
        }
        return out;
    }

    static List<Alert.Status> statuses(KeyedBroadcastOperatorTestHarness<?, ?, ?, Alert> h) {
        return alerts(h).stream().map(Alert::status).toList();
    }
}
