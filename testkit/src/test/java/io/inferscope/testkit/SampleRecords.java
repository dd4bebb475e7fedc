package io.inferscope.testkit;

import io.inferscope.schemas.Topics;
import java.util.Map;

/** One small valid record per catalog topic, as the JSON a producer would send. */
final class SampleRecords {
    static final long T0 = 1_760_000_000_000L;
    static final long T0_PLUS_10S = T0 + 10_000;

    private static final String WINDOW =
            "\"window_start_ms\":" + T0 + ",\"window_end_ms\":" + T0_PLUS_10S + ",\"window_s\":10";

    static final Map<String, String> BY_TOPIC =
            Map.ofEntries(
                    Map.entry(
                            Topics.RAW_REQUESTS.name(),
                            "{\"type\":\"end\",\"request_id\":\"r-1\",\"ts_ms\":"
                                    + T0
                                    + ",\"labels\":{\"deployment\":\"chat\",\"model\":\"llama-3-8b\"}"
                                    + ",\"status\":\"ok\",\"http_status\":200,\"ttft_ms\":120.5"
                                    + ",\"e2e_ms\":812.0,\"prompt_tokens\":12,\"completion_tokens\":40}"),
                    Map.entry(
                            Topics.RAW_TOKENS.name(),
                            "{\"request_id\":\"r-1\",\"ts_ms\":"
                                    + T0
                                    + ",\"seq\":0,\"completion_tokens\":5,\"prompt_tokens\":12"
                                    + ",\"itl_ms\":[10.5,11.0]}"),
                    Map.entry(
                            Topics.RAW_GPU.name(),
                            "{\"type\":\"sample\",\"ts_ms\":"
                                    + T0
                                    + ",\"gpu_uuid\":\"GPU-1\",\"utilization_gpu_pct\":55.0"
                                    + ",\"memory_used_bytes\":1000,\"memory_total_bytes\":2000}"),
                    Map.entry(
                            Topics.RAW_K8S.name(),
                            "{\"kind\":\"pod\",\"ts_ms\":"
                                    + T0
                                    + ",\"uid\":\"u-1\",\"name\":\"chat-0\",\"namespace\":\"ml\""
                                    + ",\"pod\":{\"phase\":\"Running\",\"ready\":true"
                                    + ",\"containers\":[{\"name\":\"vllm\",\"restart_count\":0}]}}"),
                    Map.entry(
                            Topics.RAW_LOGS.name(),
                            "{\"ts_ms\":"
                                    + T0
                                    + ",\"container\":\"vllm\",\"level\":\"info\",\"message\":\"ready\"}"),
                    Map.entry(
                            Topics.METRICS_REQUESTS.name(),
                            "{"
                                    + WINDOW
                                    + ",\"scope\":\"deployment_model\",\"arrivals\":5,\"finishes\":4"
                                    + ",\"errors\":1,\"rps\":0.5,\"finish_rps\":0.4,\"error_rate\":0.25"
                                    + ",\"inflight_max\":3,\"inflight_mean\":1.5,\"inflight_end\":1"
                                    + ",\"prompt_tokens\":60,\"completion_tokens\":200"
                                    + ",\"prompt_tps\":6.0,\"completion_tps\":20.0"
                                    + ",\"good_finishes\":3,\"goodput_rps\":0.3"
                                    + ",\"ttft_ms\":{\"count\":5,\"p50\":100.0}}"),
                    Map.entry(
                            Topics.METRICS_GPU.name(),
                            "{"
                                    + WINDOW
                                    + ",\"scope\":\"gpu\",\"gpu_uuid\":\"GPU-1\",\"gpus\":1"
                                    + ",\"samples\":10,\"xid_errors\":0}"),
                    Map.entry(
                            Topics.METRICS_CLUSTER.name(),
                            "{"
                                    + WINDOW
                                    + ",\"replicas_desired\":2,\"replicas_ready\":1"
                                    + ",\"stuck_pods\":0,\"restarts\":1,\"scaling_events\":0}"),
                    Map.entry(
                            Topics.METRICS_LOGS.name(),
                            "{"
                                    + WINDOW
                                    + ",\"scope\":\"container\",\"lines\":3"
                                    + ",\"lines_by_level\":{\"info\":3},\"error_lines\":0"
                                    + ",\"error_lines_per_s\":0.0}"),
                    Map.entry(
                            Topics.ALERTS.name(),
                            "{\"fingerprint\":\"f-1\",\"status\":\"firing\",\"rule\":\"HighErrorRate\""
                                    + ",\"severity\":\"critical\",\"starts_at_ms\":"
                                    + T0
                                    + ",\"updated_at_ms\":"
                                    + T0
                                    + "}"),
                    Map.entry(
                            Topics.ALERT_RULES.name(),
                            "{\"name\":\"HighTtft\",\"type\":\"threshold\""
                                    + ",\"metric\":\"requests.ttft_ms.p99\",\"comparator\":\">\""
                                    + ",\"threshold\":2000.0,\"for\":\"20s\"}"),
                    Map.entry(
                            Topics.ALERT_RULES_STATUS.name(),
                            "{\"ts_ms\":" + T0 + ",\"rule\":\"HighTtft\",\"status\":\"accepted\"}"),
                    Map.entry(
                            Topics.DEADLETTER.name(),
                            "{\"ts_ms\":"
                                    + T0
                                    + ",\"source\":\"request-job\",\"source_topic\":\"inferscope.raw.requests\""
                                    + ",\"partition\":0,\"offset\":3,\"reason\":\"$.ts_ms: missing\"}"));

    private SampleRecords() {}
}
