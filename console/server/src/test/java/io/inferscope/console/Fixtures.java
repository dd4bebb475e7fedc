package io.inferscope.console;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import io.inferscope.schemas.sketch.QuantileSketches;

/** Derived records as the jobs write them, built as wire JSON and checked by the strict codec. */
final class Fixtures {
    static final String GROUP = "vllm-llama/llama-3-8b";

    private Fixtures() {}

    /** A sketch serialized the way the jobs do: DDSketch 1 %, protobuf form, base64. */
    static String sketchOf(double... samples) {
        DDSketch s = QuantileSketches.newSketch();
        for (double v : samples) {
            s.accept(v);
        }
        return QuantileSketches.encode(s);
    }

    static ObjectNode requests(long startMs, int windowS, double rps, double... ttftSamples) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("window_start_ms", startMs).put("window_end_ms", startMs + windowS * 1000L);
        r.put("window_s", windowS).put("scope", "deployment_model");
        r.putObject("labels")
                .put("namespace", "llm")
                .put("deployment", "vllm-llama")
                .put("model", "llama-3-8b");
        r.put("arrivals", (long) (rps * windowS))
                .put("finishes", (long) (rps * windowS))
                .put("errors", 0);
        r.put("rps", rps).put("finish_rps", rps).put("error_rate", 0.02);
        r.put("inflight_max", 9)
                .put("inflight_mean", 6.5)
                .put("prompt_tokens", 30000)
                .put("completion_tokens", 9505);
        r.put("good_finishes", 0).put("goodput_rps", 0.0);
        r.put("inflight_end", 7).put("completion_tps", 950.5).put("prompt_tps", 3000.0);
        if (ttftSamples.length > 0) {
            java.util.Arrays.sort(ttftSamples);
            ObjectNode q = r.putObject("ttft_ms");
            q.put("count", ttftSamples.length);
            q.put("p50", ttftSamples[ttftSamples.length / 2]);
            q.put("p99", ttftSamples[(int) (0.99 * (ttftSamples.length - 1))]);
            q.put("sketch", sketchOf(ttftSamples));
        }
        return r;
    }

    static ObjectNode gpu(long startMs, String uuid, double utilPercent, long memUsed) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("window_start_ms", startMs).put("window_end_ms", startMs + 10_000L);
        r.put("window_s", 10).put("scope", "gpu").put("gpu_uuid", uuid);
        r.putObject("labels")
                .put("namespace", "llm")
                .put("deployment", "vllm-llama")
                .put("node", "node-1");
        r.put("gpus", 1).put("samples", 10).put("utilization_mean", utilPercent);
        r.put("memory_used_max_bytes", memUsed).put("xid_errors", 0);
        return r;
    }

    static ObjectNode cluster(long startMs, int desired, int ready, long restarts) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("window_start_ms", startMs)
                .put("window_end_ms", startMs + 10_000L)
                .put("window_s", 10);
        r.putObject("labels").put("namespace", "llm").put("deployment", "vllm-llama");
        r.put("replicas_desired", desired).put("replicas_ready", ready).put("restarts", restarts);
        r.put("stuck_pods", 0).put("scaling_events", 0);
        return r;
    }

    static ObjectNode alert(
            String fingerprint, String status, long startsMs, Long endsMs, long updatedMs) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("fingerprint", fingerprint).put("status", status).put("rule", "ttft_p99_slo");
        a.put("severity", "warning").put("starts_at_ms", startsMs).put("updated_at_ms", updatedMs);
        if (endsMs != null) {
            a.put("ends_at_ms", endsMs);
        }
        a.putObject("labels").put("deployment", "vllm-llama");
        return a;
    }

    static ObjectNode event(String uid, String deployment, long tsMs, String reason) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("kind", "event")
                .put("ts_ms", tsMs)
                .put("uid", uid)
                .put("namespace", "llm")
                .put("name", "ev-" + uid);
        r.putObject("event")
                .put("type", "Warning")
                .put("reason", reason)
                .put("deployment", deployment)
                .put("message", "Back-off restarting failed container");
        return r;
    }

    static ObjectNode deployment(String uid, long tsMs) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("kind", "deployment")
                .put("ts_ms", tsMs)
                .put("uid", uid)
                .put("namespace", "llm")
                .put("name", "vllm-llama");
        r.putObject("deployment")
                .put("desired", 2)
                .put("ready", 2)
                .put("available", 2)
                .put("updated", 2);
        return r;
    }

    /** The wire bytes, after proving the strict codec of {@code topic} accepts them. */
    static byte[] bytes(TopicSpec<?> topic, ObjectNode json) {
        byte[] b = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            topic.codec().decode(b);
        } catch (DecodeException e) {
            throw new AssertionError(
                    "fixture rejected by " + topic.name() + ": " + e.getMessage(), e);
        }
        return b;
    }

    static byte[] requestBytes(ObjectNode json) {
        return bytes(Topics.METRICS_REQUESTS, json);
    }
}
