package io.inferscope.simulator;

import io.inferscope.simulator.CompletionRequest.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * One request inside a replica's engine: its plan (how many tokens, which faults) and the writer of
 * its HTTP response. Only the replica's event-loop thread touches it.
 */
final class Generation {

    enum State {
        QUEUED,
        RUNNING,
        FINISHED
    }

    final CompletionRequest request;
    final int outputTokens;
    final String finishReason;

    /** Tokens after which the connection is cut, or -1: set by the disconnect fault. */
    final int disconnectAfter;

    /** Extra delay of the first token: set by the slow-first-token fault. */
    final long extraFirstTokenMs;

    State state = State.QUEUED;
    int emitted;
    long timerId = -1;
    long dueNanos;

    private final HttpServerRequest http;
    private final OpenAiWire wire;
    private final StringBuilder text;

    Generation(
            CompletionRequest request,
            HttpServerRequest http,
            OpenAiWire wire,
            int outputTokens,
            String finishReason,
            int disconnectAfter,
            long extraFirstTokenMs) {
        this.request = request;
        this.http = http;
        this.wire = wire;
        this.outputTokens = outputTokens;
        this.finishReason = finishReason;
        this.disconnectAfter = disconnectAfter;
        this.extraFirstTokenMs = extraFirstTokenMs;
        this.text = request.stream() ? null : new StringBuilder(outputTokens * 4);
    }

    HttpServerResponse response() {
        return http.response();
    }

    /**
     * Streaming responses send their headers once the request is accepted, before queueing and
     * prefill, as vLLM's streaming response does; a client's TTFT is the first content chunk.
     */
    void open() {
        if (request.stream()) {
            http.response()
                    .setChunked(true)
                    .putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-cache")
                    .writeHead();
        }
    }

    void emit(String token) {
        boolean first = emitted == 0;
        emitted++;
        if (!request.stream()) {
            text.append(token);
            return;
        }
        String events = OpenAiWire.sse(wire.chunk(token, false, null));
        if (first && request.kind() == Kind.CHAT) {
            events = OpenAiWire.sse(wire.chunk("", true, null)) + events;
        }
        write(events);
    }

    void complete() {
        HttpServerResponse response = http.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (!request.stream()) {
            String body =
                    wire.fullResponse(
                            text.toString(), finishReason, request.promptTokens(), emitted);
            response.putHeader("content-type", "application/json").end(body);
            return;
        }
        StringBuilder tail = new StringBuilder();
        String finalContent = request.kind() == Kind.CHAT ? null : "";
        tail.append(OpenAiWire.sse(wire.chunk(finalContent, false, finishReason)));
        if (request.includeUsage()) {
            tail.append(OpenAiWire.sse(wire.usageChunk(request.promptTokens(), emitted)));
        }
        tail.append(OpenAiWire.DONE);
        response.end(tail.toString());
    }

    /** Resets the connection: the client sees the stream break without a final chunk. */
    void cut() {
        http.connection().close();
    }

    private void write(String events) {
        HttpServerResponse response = http.response();
        if (!response.closed() && !response.ended()) {
            // Vert.x flushes every write: one SSE event reaches the socket as it is produced.
            response.write(Buffer.buffer(events));
        }
    }
}
