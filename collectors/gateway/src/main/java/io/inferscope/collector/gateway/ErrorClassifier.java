package io.inferscope.collector.gateway;

import io.inferscope.schemas.ErrorClass;

/**
 * Maps what went wrong to the {@link ErrorClass} of the end record and, where the gateway itself
 * answers the client, to the HTTP status and OpenAI-style error it sends.
 *
 * <ul>
 *   <li>upstream answered 4xx → {@code client_4xx}; 5xx → {@code upstream_5xx} (passed through);
 *   <li>no response head from the upstream (connection refused, reset or closed before the
 *       response, connect timeout) → {@code upstream_connect}, client gets 502;
 *   <li>the upstream went silent for longer than {@code --upstream-timeout} → {@code timeout},
 *       client gets 504 if nothing was sent yet;
 *   <li>the stream broke after the response head (reset, early close, an SSE {@code error} event) →
 *       {@code upstream_5xx};
 *   <li>the client went away first → {@code cancelled}; the wait queue said no → {@code rejected}.
 * </ul>
 */
final class ErrorClassifier {
    private ErrorClassifier() {}

    /** The class of an upstream HTTP status, or null when it is not an error. */
    static ErrorClass ofStatus(int status) {
        if (status >= 500) {
            return ErrorClass.UPSTREAM_5XX;
        }
        if (status >= 400) {
            return ErrorClass.CLIENT_4XX;
        }
        return null;
    }

    /**
     * The class of an upstream failure.
     *
     * @param headReceived whether the upstream's response head had arrived
     * @param timedOut whether the gateway's own upstream timeout fired
     */
    static ErrorClass ofFailure(boolean headReceived, boolean timedOut) {
        if (timedOut) {
            return ErrorClass.TIMEOUT;
        }
        return headReceived ? ErrorClass.UPSTREAM_5XX : ErrorClass.UPSTREAM_CONNECT;
    }

    /** The error the gateway sends itself when nothing from the upstream reached the client. */
    static OpenAiError clientError(ErrorClass errorClass, String replica) {
        return switch (errorClass) {
            case UPSTREAM_CONNECT ->
                    new OpenAiError(
                            502,
                            "upstream " + replica + " could not be reached",
                            "upstream_error",
                            "upstream_connect");
            case TIMEOUT ->
                    new OpenAiError(
                            504,
                            "upstream " + replica + " did not answer in time",
                            "timeout",
                            "upstream_timeout");
            case UPSTREAM_5XX ->
                    new OpenAiError(
                            502,
                            "upstream " + replica + " broke the response",
                            "upstream_error",
                            "upstream_stream_broken");
            default -> new OpenAiError(500, "gateway error", "server_error", "internal_error");
        };
    }

    static OpenAiError queueFull(int maxQueue) {
        return new OpenAiError(
                429,
                "every replica is at its concurrency limit and the wait queue is full ("
                        + maxQueue
                        + " waiting); retry later",
                "rate_limit_exceeded",
                "queue_full");
    }

    static OpenAiError queueTimeout(long waitedMs) {
        return new OpenAiError(
                503,
                "no replica slot became free within " + waitedMs + " ms; retry later",
                "server_overloaded",
                "queue_timeout");
    }

    static OpenAiError bodyTooLarge(long limit) {
        return new OpenAiError(
                413,
                "request body exceeds the gateway's limit of " + limit + " bytes",
                "invalid_request_error",
                "request_too_large");
    }
}
