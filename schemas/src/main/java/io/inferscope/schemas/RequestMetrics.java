package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Request metrics for one window and group on {@code inferscope.metrics.requests}, keyed by the
 * group ({@code deployment/model}, or {@code deployment/model/replica} for scope {@code replica}).
 *
 * <ul>
 *   <li>{@code rps}: arrivals per second; {@code finish_rps}: finishes per second.
 *   <li>{@code error_rate}: errors ÷ finishes in the window; {@code errors_by_class} by {@link
 *       ErrorClass}.
 *   <li>{@code inflight_*}: concurrency from start/end in event-time order: max, time-weighted mean
 *       and the value at window end.
 *   <li>{@code prompt_tps}, {@code completion_tps}: tokens produced inside the window ÷ window
 *       length ({@code gen_ai.server.*} token usage rates).
 *   <li>{@code goodput_rps}: finished requests per second that met the TTFT and e2e SLO.
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestMetrics(
        @JsonProperty(required = true) long windowStartMs,
        @JsonProperty(required = true) long windowEndMs,
        @JsonProperty(required = true) int windowS,
        @JsonProperty(required = true) Scope scope,
        Labels labels,
        long arrivals,
        long finishes,
        long errors,
        Map<String, Long> errorsByClass,
        double rps,
        double finishRps,
        double errorRate,
        int inflightMax,
        double inflightMean,
        int inflightEnd,
        long promptTokens,
        long completionTokens,
        double promptTps,
        double completionTps,
        long goodFinishes,
        double goodputRps,
        Quantiles e2eMs,
        Quantiles ttftMs,
        Quantiles queueMs,
        Quantiles generationMs,
        Quantiles tpotMs,
        Quantiles itlMs) {

    public RequestMetrics {
        Windows.check(windowStartMs, windowEndMs, windowS);
        Check.required("scope", scope);
        labels = labels == null ? Labels.EMPTY : labels;
        Check.nonNegative("arrivals", arrivals);
        Check.nonNegative("finishes", finishes);
        Check.nonNegative("errors", errors);
        errorsByClass = Check.nonNegativeMap("errors_by_class", errorsByClass);
        Check.nonNegative("rps", rps);
        Check.nonNegative("finish_rps", finishRps);
        Check.nonNegative("error_rate", errorRate);
        Check.nonNegative("inflight_max", inflightMax);
        Check.nonNegative("inflight_mean", inflightMean);
        Check.nonNegative("inflight_end", inflightEnd);
        Check.nonNegative("prompt_tokens", promptTokens);
        Check.nonNegative("completion_tokens", completionTokens);
        Check.nonNegative("prompt_tps", promptTps);
        Check.nonNegative("completion_tps", completionTps);
        Check.nonNegative("good_finishes", goodFinishes);
        Check.nonNegative("goodput_rps", goodputRps);
    }
}
