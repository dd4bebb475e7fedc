package io.inferscope.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.simulator.CompletionRequest.InvalidRequestException;
import io.inferscope.simulator.CompletionRequest.Kind;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The HTTP surface of one replica: {@code POST /v1/chat/completions}, {@code POST /v1/completions},
 * {@code GET /v1/models}, {@code GET /health} and a vLLM-style {@code GET /metrics}. Decides the
 * request's plan (output length, injected faults) and hands it to the {@link BatchEngine}.
 *
 * <p>Reads the header {@value #PROMPT_TOKENS_HEADER}: when present it replaces the prompt-token
 * estimate (about four characters per token).
 */
final class ReplicaRoutes implements Handler<HttpServerRequest> {

    static final String PROMPT_TOKENS_HEADER = "x-prompt-tokens";

    private final Replica replica;
    private final BatchEngine engine;
    private final ReplicaConfig config;
    private final long startedEpochSecond = System.currentTimeMillis() / 1000;

    ReplicaRoutes(Replica replica, BatchEngine engine) {
        this.replica = replica;
        this.engine = engine;
        this.config = replica.config();
    }

    @Override
    public void handle(HttpServerRequest req) {
        String path = req.path();
        boolean post = req.method() == HttpMethod.POST;
        boolean get = req.method() == HttpMethod.GET;
        switch (path) {
            case "/v1/chat/completions" -> completion(req, Kind.CHAT, post);
            case "/v1/completions" -> completion(req, Kind.COMPLETION, post);
            case "/v1/models" -> json(req, get ? 200 : 405, models());
            case "/health" -> req.response().setStatusCode(get ? 200 : 405).end();
            case "/metrics" -> metrics(req, get);
            default -> error(req, 404, "NotFoundError", "no route for " + path);
        }
    }

    private String models() {
        return OpenAiWire.models(config.model(), startedEpochSecond, config.maxModelLen());
    }

    private void completion(HttpServerRequest req, Kind kind, boolean post) {
        if (!post) {
            error(req, 405, "invalid_request_error", "method not allowed");
            return;
        }
        engine.countRequest();
        req.body().onSuccess(body -> accept(req, kind, body));
    }

    private void accept(HttpServerRequest req, Kind kind, Buffer body) {
        CompletionRequest request;
        try {
            JsonNode json = OpenAiWire.JSON.readTree(body.getBytes());
            request = CompletionRequest.parse(kind, json, req.getHeader(PROMPT_TOKENS_HEADER));
        } catch (IOException e) {
            rejectBadRequest(req, "request body is not valid JSON");
            return;
        } catch (InvalidRequestException e) {
            rejectBadRequest(req, e.getMessage());
            return;
        }
        int room = config.maxModelLen() - request.promptTokens();
        Integer maxTokens = request.maxTokens();
        if (room < 1 || (maxTokens != null && maxTokens > room)) {
            rejectBadRequest(
                    req,
                    "This model's maximum context length is "
                            + config.maxModelLen()
                            + " tokens; the request asks for more.");
            return;
        }
        Faults faults = replica.faults();
        SplittableRandom random = engine.random();
        if (random.nextDouble() < faults.unavailableRate()) {
            engine.countFailure();
            error(req, 503, "server_error", "The server is temporarily unavailable.");
            return;
        }
        if (random.nextDouble() < faults.errorRate()) {
            engine.countFailure();
            error(req, 500, "server_error", "The server had an error processing the request.");
            return;
        }
        Generation g = plan(req, request, faults, random, room);
        if (!engine.offer(g)) {
            engine.countFailure();
            error(req, 503, "server_error", "The engine queue is full.");
            return;
        }
        req.response().closeHandler(v -> engine.abort(g));
    }

    private Generation plan(
            HttpServerRequest req,
            CompletionRequest request,
            Faults faults,
            SplittableRandom random,
            int room) {
        int output;
        String finish;
        if (request.maxTokens() != null) {
            output = request.maxTokens(); // the cap is reached: simulated outputs end at max_tokens
            finish = "length";
        } else {
            int drawn = drawOutputTokens(random);
            output = Math.min(drawn, room);
            finish = drawn > room ? "length" : "stop";
        }
        int disconnectAfter =
                random.nextDouble() < faults.disconnectRate() ? random.nextInt(output) : -1;
        long slowMs =
                random.nextDouble() < faults.slowFirstTokenRate() ? faults.slowFirstTokenMs() : 0;
        String model = request.model() != null ? request.model() : config.model();
        String id = (request.kind() == Kind.CHAT ? "chatcmpl-" : "cmpl-") + hexId(random);
        OpenAiWire wire =
                new OpenAiWire(request.kind(), id, System.currentTimeMillis() / 1000, model);
        return new Generation(request, req, wire, output, finish, disconnectAfter, slowMs);
    }

    /** Lognormal around the configured median: a long tail, capped. */
    private int drawOutputTokens(SplittableRandom random) {
        return new LogNormal(config.outputMedianTokens(), 0.75, 1, config.maxOutputTokens())
                .sample(random);
    }

    private static String hexId(SplittableRandom random) {
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    private void metrics(HttpServerRequest req, boolean get) {
        if (!get) {
            error(req, 405, "invalid_request_error", "method not allowed");
            return;
        }
        req.response()
                .putHeader("content-type", "text/plain; version=0.0.4")
                .end(VllmMetrics.render(config.model(), replica.snapshot()));
    }

    private void rejectBadRequest(HttpServerRequest req, String message) {
        engine.countFailure();
        error(req, 400, "BadRequestError", message);
    }

    private static void error(HttpServerRequest req, int status, String type, String message) {
        json(req, status, OpenAiWire.error(message, type, status));
    }

    private static void json(HttpServerRequest req, int status, String body) {
        req.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(body);
    }
}
