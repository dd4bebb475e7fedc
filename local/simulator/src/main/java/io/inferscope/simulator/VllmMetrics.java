package io.inferscope.simulator;

/**
 * A small Prometheus text exposition with the names vLLM uses, so a scraper written for vLLM reads
 * the simulator too.
 */
final class VllmMetrics {

    private VllmMetrics() {}

    static String render(String model, ReplicaStats s) {
        String labels = "{model_name=\"" + model.replace("\"", "") + "\"}";
        StringBuilder out = new StringBuilder(1024);
        gauge(out, "vllm:num_requests_running", labels, s.activeSlots());
        gauge(out, "vllm:num_requests_waiting", labels, s.queued());
        gauge(out, "vllm:gpu_cache_usage_perc", labels, s.kvCacheFill());
        counter(out, "vllm:prompt_tokens_total", labels, s.promptTokens());
        counter(out, "vllm:generation_tokens_total", labels, s.completedTokens());
        counter(out, "vllm:request_success_total", labels, s.completedRequests());
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String labels, double value) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String labels, long value) {
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }
}
