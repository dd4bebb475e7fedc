package io.inferscope.schemas;

import static io.inferscope.schemas.InvalidDocuments.Kind.MISSING;
import static io.inferscope.schemas.InvalidDocuments.Kind.NEGATIVE;
import static io.inferscope.schemas.InvalidDocuments.Kind.RULE;
import static io.inferscope.schemas.InvalidDocuments.Kind.UNKNOWN_ENUM;
import static io.inferscope.schemas.InvalidDocuments.Kind.WRONG_TYPE;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written invalid documents: each is a golden example with one edit (a value replaced, or a
 * field dropped), and the JSON path the codec must name. Edits are addressed by JSON Pointer
 * because some keys contain dots ({@code nvidia.com/gpu}).
 */
final class InvalidDocuments {
    enum Kind {
        NEGATIVE,
        UNKNOWN_ENUM,
        MISSING,
        WRONG_TYPE,
        RULE
    }

    /** {@code replacement} is JSON text, or null to drop the field. */
    record InvalidDocument(
            TopicSpec<?> topic,
            String example,
            Kind kind,
            String pointer,
            String replacement,
            String expectedPath) {

        String json() {
            var doc = Contract.tree(Contract.example(topic, example));
            var value = replacement == null ? null : Contract.value(replacement);
            return Contract.write(Contract.edit(doc, pointer, value));
        }

        @Override
        public String toString() {
            String edit = replacement == null ? "drop " + pointer : pointer + " = " + replacement;
            return topic.name() + "/" + example + ": " + kind + " " + edit;
        }
    }

    private InvalidDocuments() {}

    static List<InvalidDocument> all() {
        List<InvalidDocument> out = new ArrayList<>();
        TopicSpec<?> t = Topics.RAW_REQUESTS;
        out.add(set(t, "02-end-ok-stream.json", NEGATIVE, "/e2e_ms", "-5.0", "$.e2e_ms"));
        out.add(
                set(
                        t,
                        "02-end-ok-stream.json",
                        NEGATIVE,
                        "/prompt_tokens",
                        "-1",
                        "$.prompt_tokens"));
        out.add(set(t, "01-start.json", NEGATIVE, "/ts_ms", "0", "$.ts_ms"));
        out.add(set(t, "01-start.json", UNKNOWN_ENUM, "/type", "\"finish\"", "$.type"));
        out.add(
                set(
                        t,
                        "03-end-error.json",
                        UNKNOWN_ENUM,
                        "/error_class",
                        "\"server\"",
                        "$.error_class"));
        out.add(drop(t, "01-start.json", MISSING, "/request_id", "$.request_id"));
        out.add(drop(t, "02-end-ok-stream.json", MISSING, "/e2e_ms", "$.e2e_ms"));
        out.add(drop(t, "03-end-error.json", MISSING, "/error_class", "$.error_class"));
        out.add(set(t, "01-start.json", WRONG_TYPE, "/labels/model", "5", "$.labels.model"));
        out.add(set(t, "02-end-ok-stream.json", WRONG_TYPE, "/ttft_ms", "\"182.4\"", "$.ttft_ms"));
        out.add(set(t, "01-start.json", WRONG_TYPE, "/stream", "\"true\"", "$.stream"));
        out.add(set(t, "01-start.json", RULE, "/status", "\"ok\"", "$.status"));
        out.add(
                set(
                        t,
                        "02-end-ok-stream.json",
                        RULE,
                        "/error_class",
                        "\"timeout\"",
                        "$.error_class"));
        out.add(set(t, "02-end-ok-stream.json", RULE, "/http_status", "700", "$.http_status"));

        t = Topics.RAW_TOKENS;
        out.add(set(t, "02-progress.json", NEGATIVE, "/itl_ms/2", "-1.0", "$.itl_ms[2]"));
        out.add(set(t, "02-progress.json", NEGATIVE, "/seq", "-1", "$.seq"));
        out.add(
                drop(
                        t,
                        "01-first-progress.json",
                        MISSING,
                        "/completion_tokens",
                        "$.completion_tokens"));
        out.add(drop(t, "01-first-progress.json", MISSING, "/request_id", "$.request_id"));
        out.add(
                set(
                        t,
                        "02-progress.json",
                        WRONG_TYPE,
                        "/completion_tokens",
                        "1.5",
                        "$.completion_tokens"));
        out.add(set(t, "02-progress.json", WRONG_TYPE, "/labels", "[]", "$.labels"));
        out.add(set(t, "02-progress.json", WRONG_TYPE, "/itl_ms/0", "null", "$.itl_ms[0]"));

        t = Topics.RAW_GPU;
        out.add(set(t, "01-sample.json", NEGATIVE, "/power_w", "-1.0", "$.power_w"));
        out.add(
                set(
                        t,
                        "01-sample.json",
                        NEGATIVE,
                        "/memory_used_bytes",
                        "-1",
                        "$.memory_used_bytes"));
        out.add(
                set(
                        t,
                        "01-sample.json",
                        RULE,
                        "/utilization_gpu_pct",
                        "101.0",
                        "$.utilization_gpu_pct"));
        out.add(set(t, "01-sample.json", UNKNOWN_ENUM, "/type", "\"ecc\"", "$.type"));
        out.add(drop(t, "01-sample.json", MISSING, "/gpu_uuid", "$.gpu_uuid"));
        out.add(drop(t, "02-xid.json", MISSING, "/xid", "$.xid"));
        out.add(
                set(
                        t,
                        "01-sample.json",
                        WRONG_TYPE,
                        "/memory_used_bytes",
                        "\"77309411328\"",
                        "$.memory_used_bytes"));
        out.add(
                set(
                        t,
                        "01-sample.json",
                        WRONG_TYPE,
                        "/sm_clock_mhz",
                        "3000000000",
                        "$.sm_clock_mhz"));
        out.add(set(t, "01-sample.json", RULE, "/xid", "13", "$.xid"));

        t = Topics.RAW_K8S;
        String pod = "01-pod-crashloop.json";
        out.add(
                set(
                        t,
                        pod,
                        NEGATIVE,
                        "/pod/containers/0/restart_count",
                        "-1",
                        "$.pod.containers[0].restart_count"));
        out.add(
                set(
                        t,
                        pod,
                        NEGATIVE,
                        "/pod/containers/0/requests/nvidia.com~1gpu",
                        "-1.0",
                        "$.pod.containers[0].requests.nvidia.com/gpu"));
        out.add(set(t, "06-usage.json", NEGATIVE, "/usage/cpu_cores", "-0.5", "$.usage.cpu_cores"));
        out.add(set(t, "04-quota.json", NEGATIVE, "/quota/used/pods", "-1.0", "$.quota.used.pods"));
        out.add(set(t, pod, UNKNOWN_ENUM, "/pod/phase", "\"running\"", "$.pod.phase"));
        out.add(set(t, pod, UNKNOWN_ENUM, "/action", "\"patched\"", "$.action"));
        out.add(set(t, pod, UNKNOWN_ENUM, "/kind", "\"node\"", "$.kind"));
        out.add(
                drop(
                        t,
                        pod,
                        MISSING,
                        "/pod/containers/0/restart_count",
                        "$.pod.containers[0].restart_count"));
        out.add(drop(t, pod, MISSING, "/pod/containers/1/name", "$.pod.containers[1].name"));
        out.add(drop(t, "05-event-backoff.json", MISSING, "/event/reason", "$.event.reason"));
        out.add(drop(t, "03-hpa.json", MISSING, "/hpa/max", "$.hpa.max"));
        out.add(drop(t, "02-deployment.json", MISSING, "/deployment/ready", "$.deployment.ready"));
        out.add(drop(t, pod, MISSING, "/pod", "$.pod"));
        out.add(
                set(
                        t,
                        "02-deployment.json",
                        WRONG_TYPE,
                        "/deployment/ready",
                        "\"3\"",
                        "$.deployment.ready"));
        out.add(
                set(
                        t,
                        pod,
                        WRONG_TYPE,
                        "/pod/containers/0/requests/cpu",
                        "\"8\"",
                        "$.pod.containers[0].requests.cpu"));
        out.add(set(t, pod, WRONG_TYPE, "/pod/containers/0", "null", "$.pod.containers[0]"));
        out.add(set(t, pod, RULE, "/kind", "\"hpa\"", "$.pod"));
        out.add(set(t, "03-hpa.json", RULE, "/pod", "{\"phase\":\"Running\"}", "$.pod"));

        t = Topics.RAW_LOGS;
        out.add(set(t, "01-info-json.json", NEGATIVE, "/ts_ms", "-1", "$.ts_ms"));
        out.add(set(t, "01-info-json.json", UNKNOWN_ENUM, "/level", "\"warning\"", "$.level"));
        out.add(set(t, "01-info-json.json", UNKNOWN_ENUM, "/stream", "\"stdin\"", "$.stream"));
        out.add(drop(t, "01-info-json.json", MISSING, "/message", "$.message"));
        out.add(drop(t, "01-info-json.json", MISSING, "/level", "$.level"));
        out.add(
                set(
                        t,
                        "01-info-json.json",
                        WRONG_TYPE,
                        "/attributes/pid",
                        "1",
                        "$.attributes.pid"));
        out.add(set(t, "01-info-json.json", WRONG_TYPE, "/truncated", "0", "$.truncated"));

        t = Topics.METRICS_REQUESTS;
        String rm = "01-deployment-model-10s.json";
        out.add(set(t, rm, NEGATIVE, "/e2e_ms/p99", "-1.0", "$.e2e_ms.p99"));
        out.add(
                set(
                        t,
                        rm,
                        NEGATIVE,
                        "/errors_by_class/cancelled",
                        "-2",
                        "$.errors_by_class.cancelled"));
        out.add(set(t, rm, NEGATIVE, "/window_s", "0", "$.window_s"));
        out.add(set(t, rm, NEGATIVE, "/inflight_mean", "-0.5", "$.inflight_mean"));
        out.add(set(t, rm, UNKNOWN_ENUM, "/scope", "\"cluster\"", "$.scope"));
        out.add(drop(t, rm, MISSING, "/arrivals", "$.arrivals"));
        out.add(drop(t, rm, MISSING, "/ttft_ms/count", "$.ttft_ms.count"));
        out.add(set(t, rm, WRONG_TYPE, "/rps", "\"41.2\"", "$.rps"));
        out.add(set(t, rm, WRONG_TYPE, "/inflight_max", "1.5", "$.inflight_max"));
        out.add(set(t, rm, WRONG_TYPE, "/ttft_ms/sketch", "42", "$.ttft_ms.sketch"));

        t = Topics.METRICS_GPU;
        out.add(set(t, "01-gpu-10s.json", NEGATIVE, "/samples", "-10", "$.samples"));
        out.add(set(t, "01-gpu-10s.json", RULE, "/utilization_max", "120.0", "$.utilization_max"));
        out.add(set(t, "01-gpu-10s.json", UNKNOWN_ENUM, "/scope", "\"cluster\"", "$.scope"));
        out.add(drop(t, "01-gpu-10s.json", MISSING, "/samples", "$.samples"));
        out.add(drop(t, "01-gpu-10s.json", MISSING, "/window_start_ms", "$.window_start_ms"));
        out.add(set(t, "01-gpu-10s.json", WRONG_TYPE, "/xid_errors", "\"0\"", "$.xid_errors"));

        t = Topics.METRICS_CLUSTER;
        String cm = "01-deployment-crashloop-10s.json";
        out.add(set(t, cm, NEGATIVE, "/restarts", "-1", "$.restarts"));
        out.add(set(t, cm, NEGATIVE, "/replicas_ready", "-1", "$.replicas_ready"));
        out.add(
                set(
                        t,
                        cm,
                        NEGATIVE,
                        "/quota_used_ratio/llm-serving-quota~1pods",
                        "-0.1",
                        "$.quota_used_ratio.llm-serving-quota/pods"));
        out.add(
                set(
                        t,
                        cm,
                        NEGATIVE,
                        "/scheduling_delay_ms/p50",
                        "-3.0",
                        "$.scheduling_delay_ms.p50"));
        out.add(drop(t, cm, MISSING, "/stuck_pods", "$.stuck_pods"));
        out.add(drop(t, cm, MISSING, "/window_s", "$.window_s"));
        out.add(set(t, cm, WRONG_TYPE, "/pods_by_phase/Running", "1.5", "$.pods_by_phase.Running"));
        out.add(
                set(
                        t,
                        cm,
                        WRONG_TYPE,
                        "/scheduling_delay_ms/count",
                        "\"1\"",
                        "$.scheduling_delay_ms.count"));
        out.add(set(t, cm, WRONG_TYPE, "/labels", "\"vllm\"", "$.labels"));

        t = Topics.METRICS_LOGS;
        out.add(
                set(
                        t,
                        "01-container-10s.json",
                        NEGATIVE,
                        "/lines_by_level/error",
                        "-1",
                        "$.lines_by_level.error"));
        out.add(set(t, "01-container-10s.json", NEGATIVE, "/error_lines", "-13", "$.error_lines"));
        out.add(set(t, "01-container-10s.json", UNKNOWN_ENUM, "/scope", "\"pod\"", "$.scope"));
        out.add(drop(t, "01-container-10s.json", MISSING, "/lines", "$.lines"));
        out.add(
                set(
                        t,
                        "01-container-10s.json",
                        WRONG_TYPE,
                        "/error_lines_per_s",
                        "\"1.3\"",
                        "$.error_lines_per_s"));

        t = Topics.ALERTS;
        String firing = "01-firing-crashloop.json";
        out.add(set(t, firing, NEGATIVE, "/evidence/0/ts_ms", "-1", "$.evidence[0].ts_ms"));
        out.add(set(t, firing, UNKNOWN_ENUM, "/status", "\"pending\"", "$.status"));
        out.add(set(t, firing, UNKNOWN_ENUM, "/severity", "\"page\"", "$.severity"));
        out.add(drop(t, "02-resolved-ttft-slo.json", MISSING, "/ends_at_ms", "$.ends_at_ms"));
        out.add(drop(t, firing, MISSING, "/fingerprint", "$.fingerprint"));
        out.add(drop(t, firing, MISSING, "/evidence/1/source", "$.evidence[1].source"));
        out.add(set(t, firing, WRONG_TYPE, "/labels/severity", "2", "$.labels.severity"));
        out.add(set(t, firing, WRONG_TYPE, "/value", "\"1\"", "$.value"));

        t = Topics.ALERT_RULES;
        String ttft = "01-threshold-ttft.json";
        String composite = "03-composite-event.json";
        out.add(set(t, ttft, NEGATIVE, "/window_s", "-10", "$.window_s"));
        out.add(set(t, composite, NEGATIVE, "/count", "0", "$.count"));
        out.add(
                set(
                        t,
                        "02-burn-rate.json",
                        NEGATIVE,
                        "/tiers/0/factor",
                        "-1",
                        "$.tiers[0].factor"));
        out.add(set(t, ttft, UNKNOWN_ENUM, "/type", "\"ratio\"", "$.type"));
        out.add(set(t, ttft, UNKNOWN_ENUM, "/comparator", "\"=>\"", "$.comparator"));
        out.add(drop(t, ttft, MISSING, "/name", "$.name"));
        out.add(drop(t, composite, MISSING, "/conditions/0/metric", "$.conditions[0].metric"));
        out.add(set(t, ttft, WRONG_TYPE, "/threshold", "\"2000\"", "$.threshold"));
        out.add(set(t, ttft, WRONG_TYPE, "/for", "\"20 seconds\"", "$.for"));
        out.add(set(t, "02-burn-rate.json", WRONG_TYPE, "/objective", "99", "$.objective"));

        t = Topics.ALERT_RULES_STATUS;
        out.add(set(t, "01-accepted.json", NEGATIVE, "/ts_ms", "-1", "$.ts_ms"));
        out.add(set(t, "01-accepted.json", UNKNOWN_ENUM, "/status", "\"pending\"", "$.status"));
        out.add(drop(t, "02-rejected.json", MISSING, "/rule", "$.rule"));
        out.add(set(t, "02-rejected.json", WRONG_TYPE, "/reason", "42", "$.reason"));

        t = Topics.DEADLETTER;
        out.add(set(t, "01-decode-error.json", NEGATIVE, "/partition", "-1", "$.partition"));
        out.add(set(t, "01-decode-error.json", NEGATIVE, "/offset", "-918273", "$.offset"));
        out.add(drop(t, "01-decode-error.json", MISSING, "/reason", "$.reason"));
        out.add(set(t, "01-decode-error.json", MISSING, "/source", "\" \"", "$.source"));
        out.add(set(t, "01-decode-error.json", WRONG_TYPE, "/offset", "\"918273\"", "$.offset"));
        out.add(
                set(
                        t,
                        "02-binary-payload-truncated.json",
                        WRONG_TYPE,
                        "/payload_truncated",
                        "\"yes\"",
                        "$.payload_truncated"));
        return out;
    }

    private static InvalidDocument set(
            TopicSpec<?> t, String ex, Kind kind, String pointer, String json, String path) {
        return new InvalidDocument(t, ex, kind, pointer, json, path);
    }

    private static InvalidDocument drop(
            TopicSpec<?> t, String ex, Kind kind, String pointer, String path) {
        return new InvalidDocument(t, ex, kind, pointer, null, path);
    }
}
