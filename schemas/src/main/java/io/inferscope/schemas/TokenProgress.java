package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Token progress of a streaming request on {@code inferscope.raw.tokens}, keyed by {@code
 * request_id}: the tokens produced since the previous progress record and the gaps between
 * successive token chunks ({@code itl_ms}, vLLM's {@code inter_token_latency}, one entry per gap).
 * {@code ts_ms} is the wall-clock time of the last chunk counted, so tokens are booked in the
 * window where they were produced. Prompt tokens are reported once, on the first record ({@code
 * seq} 0), because the prompt is processed during prefill, before the first token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenProgress(
        String requestId,
        @JsonProperty(required = true) long tsMs,
        Labels labels,
        @JsonProperty(required = true) int seq,
        @JsonProperty(required = true) int completionTokens,
        Integer promptTokens,
        List<Double> itlMs,
        Boolean estimated) {

    public TokenProgress {
        Check.requiredText("request_id", requestId);
        Check.timestamp("ts_ms", tsMs);
        labels = labels == null ? Labels.EMPTY : labels;
        Check.nonNegative("seq", seq);
        Check.nonNegative("completion_tokens", completionTokens);
        Check.nonNegative("prompt_tokens", promptTokens);
        itlMs = Check.list("itl_ms", itlMs);
        for (int i = 0; i < itlMs.size(); i++) {
            Check.nonNegative("itl_ms[" + i + "]", itlMs.get(i));
        }
    }
}
