package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One request lifecycle record on {@code inferscope.raw.requests}, keyed by {@code request_id}.
 *
 * <p>A {@code start} record is written at arrival; an {@code end} record when the response ended
 * (or failed). A request that waited in the collector's queue before a replica was chosen also gets
 * a {@code dispatch} record when it goes to its replica (its {@code labels.replica} is required,
 * {@code ts_ms} is the dispatch time): a start written at arrival cannot name the replica yet.
 * Durations are measured by the collector on a monotonic clock, in milliseconds, with the meanings
 * of the OpenTelemetry GenAI conventions and vLLM:
 *
 * <ul>
 *   <li>{@code queue_ms}: arrival → dispatch to a replica (vLLM {@code request_queue_time}).
 *   <li>{@code ttft_ms}: arrival → first content-bearing chunk ({@code
 *       gen_ai.server.time_to_first_token}).
 *   <li>{@code e2e_ms}: arrival → last byte ({@code gen_ai.server.request.duration}).
 *   <li>{@code generation_ms}: first token → last token.
 *   <li>{@code tpot_ms}: generation_ms ÷ (completion tokens − 1) ({@code
 *       gen_ai.server.time_per_output_token}).
 * </ul>
 *
 * {@code ts_ms} is the wall-clock event time: arrival for {@code start}, dispatch for {@code
 * dispatch}, end for {@code end}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestEvent(
        @JsonProperty(required = true) Type type,
        String requestId,
        @JsonProperty(required = true) long tsMs,
        Labels labels,
        Endpoint endpoint,
        Boolean stream,
        Status status,
        Integer httpStatus,
        ErrorClass errorClass,
        Double queueMs,
        Double ttftMs,
        Double e2eMs,
        Double generationMs,
        Double tpotMs,
        Integer promptTokens,
        Integer completionTokens,
        Boolean tokensEstimated) {

    public RequestEvent {
        Check.required("type", type);
        Check.requiredText("request_id", requestId);
        Check.timestamp("ts_ms", tsMs);
        labels = labels == null ? Labels.EMPTY : labels;
        Check.nonNegative("queue_ms", queueMs);
        Check.nonNegative("ttft_ms", ttftMs);
        Check.nonNegative("e2e_ms", e2eMs);
        Check.nonNegative("generation_ms", generationMs);
        Check.nonNegative("tpot_ms", tpotMs);
        Check.nonNegative("prompt_tokens", promptTokens);
        Check.nonNegative("completion_tokens", completionTokens);
        if (httpStatus != null && (httpStatus < 100 || httpStatus > 599)) {
            throw new SchemaViolation("http_status", "must be an HTTP status in [100, 599]");
        }
        if (type == Type.START || type == Type.DISPATCH) {
            String when = "on a " + type.wire() + " record";
            Check.absent("status", status, when);
            Check.absent("e2e_ms", e2eMs, when);
            Check.absent("error_class", errorClass, when);
            if (type == Type.DISPATCH) {
                Check.requiredText("labels.replica", labels.replica());
            }
        } else {
            Check.required("status", status);
            Check.required("e2e_ms", e2eMs);
            if (status == Status.OK && errorClass != null) {
                throw new SchemaViolation("error_class", "must be absent when status is ok");
            }
            if (status == Status.ERROR && errorClass == null) {
                throw new SchemaViolation("error_class", "is required when status is error");
            }
        }
    }

    /** A start record at arrival. */
    public static RequestEvent start(
            String requestId, long tsMs, Labels labels, Endpoint endpoint, boolean stream) {
        return beforeEnd(Type.START, requestId, tsMs, labels, endpoint, stream, null);
    }

    /**
     * A dispatch record: the request that waited in the queue went to {@code labels.replica} at
     * {@code tsMs}, after {@code queueMs}.
     */
    public static RequestEvent dispatch(
            String requestId,
            long tsMs,
            Labels labels,
            Endpoint endpoint,
            boolean stream,
            Double queueMs) {
        return beforeEnd(Type.DISPATCH, requestId, tsMs, labels, endpoint, stream, queueMs);
    }

    /** A record sent before the request ended: no end fields, {@code queue_ms} at most. */
    private static RequestEvent beforeEnd(
            Type type,
            String requestId,
            long tsMs,
            Labels labels,
            Endpoint endpoint,
            boolean stream,
            Double queueMs) {
        return new RequestEvent(
                type, requestId, tsMs, labels, endpoint, stream, null, null, null, queueMs, null,
                null, null, null, null, null, null);
    }

    @JsonIgnore
    public boolean isStart() {
        return type == Type.START;
    }

    @JsonIgnore
    public boolean isDispatch() {
        return type == Type.DISPATCH;
    }

    @JsonIgnore
    public boolean isError() {
        return status == Status.ERROR;
    }

    public enum Type implements WireEnum {
        START("start"),
        END("end"),
        DISPATCH("dispatch");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public enum Status implements WireEnum {
        OK("ok"),
        ERROR("error");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public enum Endpoint implements WireEnum {
        CHAT_COMPLETIONS("chat_completions"),
        COMPLETIONS("completions"),
        OTHER("other");

        private final String wire;

        Endpoint(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }
}
