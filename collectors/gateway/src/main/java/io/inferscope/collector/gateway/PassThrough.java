package io.inferscope.collector.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards any request that is not a measured endpoint ({@code GET /v1/models}, {@code /health},
 * {@code /metrics} of the model server...) unchanged to the least loaded replica and streams the
 * answer back, with backpressure both ways. These calls publish no records (they are not inference
 * and would distort request rates and latencies), take no concurrency slot, and are counted under
 * {@code endpoint="other"} in the gateway's own metrics.
 */
final class PassThrough {
    private static final Logger LOG = LoggerFactory.getLogger(PassThrough.class);

    private PassThrough() {}

    static void handle(GatewayRuntime rt, HttpClient client, HttpServerRequest req) {
        req.pause();
        HttpServerResponse resp = req.response();
        Upstream u = rt.router.peek();
        MultiMap headers = HttpHeaders.headers();
        HopHeaders.copy(req.headers(), headers, Set.of());
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            headers.set(HttpHeaders.CONTENT_LENGTH, length);
        }
        RequestOptions options =
                new RequestOptions()
                        .setMethod(req.method())
                        .setHost(u.host())
                        .setPort(u.port())
                        .setSsl(u.ssl())
                        .setURI(u.upstreamUri(req.uri()))
                        .setHeaders(headers)
                        .setIdleTimeout(rt.config.upstreamTimeout().toMillis());
        client.request(options)
                .compose(r -> r.send(req))
                .onSuccess(r -> relay(rt, r, resp))
                .onFailure(
                        t -> {
                            LOG.debug("pass-through to {} failed: {}", u.name(), t.toString());
                            OpenAiError e =
                                    ErrorClassifier.clientError(
                                            io.inferscope.schemas.ErrorClass.UPSTREAM_CONNECT,
                                            u.name());
                            if (!resp.headWritten() && !resp.closed()) {
                                resp.setStatusCode(e.status())
                                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                        .end(Buffer.buffer(e.body()));
                                rt.metrics.passedThrough(e.status());
                            } else {
                                resp.reset();
                                rt.metrics.passedThrough(null);
                            }
                        });
    }

    private static void relay(GatewayRuntime rt, HttpClientResponse r, HttpServerResponse resp) {
        resp.setStatusCode(r.statusCode());
        HopHeaders.copy(r.headers(), resp.headers(), Set.of());
        String length = r.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            resp.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else if (r.statusCode() != 204 && r.statusCode() != 304) {
            resp.setChunked(true);
        }
        r.pipeTo(resp)
                .onComplete(
                        ar -> {
                            rt.metrics.passedThrough(r.statusCode());
                            if (ar.failed()) {
                                resp.reset();
                                r.request().reset();
                            }
                        });
    }
}
