package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A record that could not be used, on {@code inferscope.deadletter}: where it came from, why it was
 * refused, and (up to a cap) its bytes. {@code payload} holds the original bytes as UTF-8 text when
 * they are valid UTF-8, else {@code payload_base64} holds them; {@code payload_truncated} says the
 * copy was cut.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        @JsonProperty(required = true) long tsMs,
        String source,
        String sourceTopic,
        Integer partition,
        Long offset,
        String reason,
        String fieldPath,
        String payload,
        String payloadBase64,
        Boolean payloadTruncated) {

    public DeadLetter {
        Check.timestamp("ts_ms", tsMs);
        Check.requiredText("source", source);
        Check.requiredText("reason", reason);
        Check.nonNegative("partition", partition);
        Check.nonNegative("offset", offset);
    }
}
