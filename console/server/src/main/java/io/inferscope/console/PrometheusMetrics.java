package io.inferscope.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The {@code /metrics} content: the latest derived value of every group as a gauge, in base units
 * (seconds, ratios, bytes), for windows of {@code metricsWindowS} that ended less than {@code
 * staleAfter} ago (by the wall clock).
 *
 * <p>To keep {@code sum by (...)} honest, each family has one granularity: requests per {@code
 * deployment_model} scope (replica rows would double count), GPUs per GPU (not the node and
 * deployment rollups). {@code inferscope_container_restarts} is the number of restarts inside the
 * latest window, so it goes up and down: a gauge, not a {@code _total} counter, which Prometheus
 * would expect to only grow (and {@code rate()} would misread its drops as counter resets).
 *
 * <p>Latency quantiles are typed {@code summary} with quantile samples only: a {@code quantile}
 * label is reserved for summaries (promtool rejects it on a gauge), and a summary's {@code _sum}
 * and {@code _count} are cumulative counters by contract, which per-window values are not, so they
 * are left out rather than faked.
 */
final class PrometheusMetrics {
    private static final String[][] QUANTILE_FIELDS = {
        {"ttft_ms", "inferscope_request_ttft_seconds", "Time to first token"},
        {"e2e_ms", "inferscope_request_duration_seconds", "End-to-end request latency"},
        {"queue_ms", "inferscope_request_queue_seconds", "Time waiting for a replica slot"},
        {"itl_ms", "inferscope_request_inter_token_seconds", "Inter-token latency"},
    };
    private static final String[][] QUANTILES = {
        {"p50", "0.5"}, {"p90", "0.9"}, {"p95", "0.95"}, {"p99", "0.99"}
    };

    private final Views views;
    private final ConsoleConfig config;
    private final SkippedRecords skipped;

    PrometheusMetrics(Views views, ConsoleConfig config, SkippedRecords skipped) {
        this.views = views;
        this.config = config;
        this.skipped = skipped;
    }

    String render(long nowMs) {
        Exposition e = new Exposition();
        long oldest = nowMs - config.staleAfter().toMillis();
        int w = config.metricsWindowS();
        String help = " over the latest " + w + " s window";
        for (String[] f : QUANTILE_FIELDS) {
            e.declare(f[1], "summary", f[2] + " quantiles" + help + ", in seconds.");
        }
        e.declare(
                "inferscope_requests_per_second",
                "gauge",
                "Request arrivals per second" + help + ".");
        e.declare(
                "inferscope_request_error_ratio",
                "gauge",
                "Failed over finished requests" + help + ".");
        e.declare(
                "inferscope_requests_in_flight",
                "gauge",
                "Requests in progress at the end of the latest window.");
        e.declare(
                "inferscope_prompt_tokens_per_second",
                "gauge",
                "Prompt tokens per second" + help + ".");
        e.declare(
                "inferscope_completion_tokens_per_second",
                "gauge",
                "Completion tokens per second" + help + ".");
        e.declare(
                "inferscope_gpu_utilization_ratio",
                "gauge",
                "Mean GPU utilization (0-1)" + help + ".");
        e.declare(
                "inferscope_gpu_memory_used_bytes",
                "gauge",
                "Maximum GPU memory used" + help + ", in bytes.");
        e.declare(
                "inferscope_deployment_replicas",
                "gauge",
                "Deployment replicas by state, last seen.");
        e.declare(
                "inferscope_container_restarts",
                "gauge",
                "Container restarts inside the latest window (per window, not cumulative).");
        e.declare(
                "inferscope_console_skipped_records_total",
                "counter",
                "Input records the console could not decode and skipped.");

        for (JsonNode r : views.latest(StoreNames.Metrics.REQUESTS, w)) {
            if (!fresh(r, oldest) || !"deployment_model".equals(r.path("scope").asText())) {
                continue;
            }
            String[] l = labels(r, "deployment", "model");
            for (String[] f : QUANTILE_FIELDS) {
                for (String[] q : QUANTILES) {
                    Double ms = Json.number(r, f[0] + "." + q[0]);
                    if (ms != null) {
                        e.sample(f[1], ms / 1000.0, with(l, "quantile", q[1]));
                    }
                }
            }
            gauge(e, "inferscope_requests_per_second", r, "rps", 1, l);
            gauge(e, "inferscope_request_error_ratio", r, "error_rate", 1, l);
            gauge(e, "inferscope_requests_in_flight", r, "inflight_end", 1, l);
            gauge(e, "inferscope_prompt_tokens_per_second", r, "prompt_tps", 1, l);
            gauge(e, "inferscope_completion_tokens_per_second", r, "completion_tps", 1, l);
        }
        for (JsonNode r : views.latest(StoreNames.Metrics.GPU, w)) {
            if (!fresh(r, oldest) || !"gpu".equals(r.path("scope").asText())) {
                continue;
            }
            String[] l =
                    with(
                            labels(r, "node", "namespace", "deployment"),
                            "gpu",
                            r.path("gpu_uuid").asText(null));
            gauge(e, "inferscope_gpu_utilization_ratio", r, "utilization_mean", 0.01, l);
            gauge(e, "inferscope_gpu_memory_used_bytes", r, "memory_used_max_bytes", 1, l);
        }
        for (JsonNode r : views.latest(StoreNames.Metrics.CLUSTER, w)) {
            if (!fresh(r, oldest)) {
                continue;
            }
            String[] l = labels(r, "namespace", "deployment");
            for (String state : new String[] {"desired", "ready", "available"}) {
                Double v = Json.number(r, "replicas_" + state);
                if (v != null) {
                    e.sample("inferscope_deployment_replicas", v, with(l, "state", state));
                }
            }
            gauge(e, "inferscope_container_restarts", r, "restarts", 1, l);
        }
        for (Map.Entry<String, Long> s : skipped.snapshot().entrySet()) {
            e.sample("inferscope_console_skipped_records_total", s.getValue(), "topic", s.getKey());
        }
        return e.render();
    }

    private static boolean fresh(JsonNode r, long oldestEndMs) {
        return r.path("window_end_ms").asLong() >= oldestEndMs;
    }

    private static void gauge(
            Exposition e, String name, JsonNode r, String field, double scale, String[] labels) {
        Double v = Json.number(r, field);
        if (v != null) {
            e.sample(name, v * scale, labels);
        }
    }

    private static String[] labels(JsonNode r, String... names) {
        String[] out = new String[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            out[2 * i] = names[i];
            out[2 * i + 1] = Json.text(r, "labels." + names[i]);
        }
        return out;
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = name;
        out[labels.length + 1] = value;
        return out;
    }
}
