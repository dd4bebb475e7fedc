package io.inferscope.collector.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The ingest API for model servers that measure themselves: {@code POST /ingest/v1/requests} takes
 * a JSON array of {@link RequestEvent}s, {@code POST /ingest/v1/tokens} a JSON array of {@link
 * TokenProgress} records, both in the wire form of the schemas.
 *
 * <p>A batch is all-or-nothing: every element is decoded with the strict codec first; if any is
 * invalid the answer is 400 {@code {"error", "index", "path", "reason"}} naming the first bad
 * element and field, and nothing of that batch is published, so a client can fix and resend the
 * whole batch without creating duplicates. When all are valid they are published (keyed by {@code
 * request_id}) and the answer is 202 {@code {"accepted": n}}. Bodies over {@value #MAX_BODY_BYTES}
 * bytes or {@value #MAX_BATCH} records are refused with 413.
 */
final class IngestHandler {
    static final String REQUESTS_PATH = "/ingest/v1/requests";
    static final String TOKENS_PATH = "/ingest/v1/tokens";
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    static final int MAX_BATCH = 10_000;

    private static final ObjectMapper MAPPER = Codecs.mapper();

    private final GatewayRuntime rt;

    IngestHandler(GatewayRuntime rt) {
        this.rt = rt;
    }

    static boolean handles(String path) {
        return REQUESTS_PATH.equals(path) || TOKENS_PATH.equals(path);
    }

    void handle(HttpServerRequest req) {
        if (!"POST".equals(req.method().name())) {
            answer(req, 405, error("use POST with a JSON array of records"));
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        req.handler(
                chunk -> {
                    if (tooLarge[0]) {
                        return;
                    }
                    if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                        tooLarge[0] = true;
                        req.response().putHeader(HttpHeaders.CONNECTION, "close");
                        answer(req, 413, error("batch larger than " + MAX_BODY_BYTES + " bytes"));
                        return;
                    }
                    body.appendBuffer(chunk);
                });
        req.endHandler(
                v -> {
                    if (tooLarge[0]) {
                        return;
                    }
                    if (REQUESTS_PATH.equals(req.path())) {
                        ingest(req, body, Topics.RAW_REQUESTS, RequestEvent::requestId);
                    } else {
                        ingest(req, body, Topics.RAW_TOKENS, TokenProgress::requestId);
                    }
                });
    }

    private <T> void ingest(
            HttpServerRequest req, Buffer body, TopicSpec<T> topic, Function<T, String> key) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body.getBytes());
        } catch (IOException e) {
            reject(req, "malformed JSON", null, "$", "the body is not valid JSON");
            return;
        }
        if (root == null || !root.isArray()) {
            reject(req, "expected a JSON array of records", null, "$", "not an array");
            return;
        }
        if (root.size() > MAX_BATCH) {
            answer(req, 413, error("batch of " + root.size() + " records exceeds " + MAX_BATCH));
            return;
        }
        List<T> records = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            try {
                records.add(topic.codec().decode(root.get(i)));
            } catch (DecodeException e) {
                reject(req, "invalid record", i, e.path(), e.reason());
                return;
            }
        }
        for (T record : records) {
            rt.publish(topic, key.apply(record), record);
        }
        rt.metrics.ingested(topic.name(), records.size());
        ObjectNode ok = MAPPER.createObjectNode();
        ok.put("accepted", records.size());
        answer(req, 202, ok);
    }

    private void reject(
            HttpServerRequest req, String what, Integer index, String path, String why) {
        rt.metrics.ingestRejected();
        ObjectNode node = error(what);
        if (index != null) {
            node.put("index", index);
        } else {
            node.putNull("index");
        }
        node.put("path", path);
        node.put("reason", why);
        answer(req, 400, node);
    }

    private static ObjectNode error(String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", message);
        return node;
    }

    private static void answer(HttpServerRequest req, int status, ObjectNode body) {
        if (req.response().ended() || req.response().closed()) {
            return;
        }
        try {
            req.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            req.response().setStatusCode(500).end();
        }
    }
}
