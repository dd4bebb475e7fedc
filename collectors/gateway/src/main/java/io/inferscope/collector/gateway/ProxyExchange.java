package io.inferscope.collector.gateway;

import io.inferscope.collector.gateway.ChunkInspector.ChunkInfo;
import io.inferscope.collector.gateway.Measurement.Outcome;
import io.inferscope.collector.gateway.ReplicaRouter.Admission;
import io.inferscope.collector.gateway.ReplicaRouter.Granted;
import io.inferscope.collector.gateway.ReplicaRouter.Lease;
import io.inferscope.collector.gateway.ReplicaRouter.Queued;
import io.inferscope.collector.gateway.ReplicaRouter.Waiter;
import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestEvent.Endpoint;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One measured request ({@code POST /v1/chat/completions} or {@code /v1/completions}) from arrival
 * to end: reads the body, publishes the start record, waits for a replica slot, forwards the
 * request, relays the response to the client while measuring it, and publishes token progress and
 * the end record. Every callback runs on the event loop of the client connection; the only
 * cross-thread step (a slot freed on another loop) hops back onto it first.
 *
 * <p>The {@code finished} flag makes every path run its ending once: whichever of upstream end,
 * upstream failure, timeout, client disconnect or rejection happens first decides the end record.
 */
final class ProxyExchange {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    // Compressed upstream bodies could not be inspected; identity is always acceptable to a client.
    private static final Set<String> SKIP_UPSTREAM = Set.of("accept-encoding");

    private final GatewayRuntime rt;
    private final Vertx vertx;
    private final Context ctx;
    private final HttpClient client;
    private final HttpServerRequest req;
    private final HttpServerResponse resp;
    private final Measurement m;
    private final TokenBook book;
    private final long upstreamTimeoutNanos;

    private Buffer received = Buffer.buffer();
    private byte[] body;
    private boolean injectedUsage;
    private boolean startPublished;
    private boolean dispatchPublished;
    private RequestEvent start;
    private boolean finished;
    private boolean ending;

    private Lease lease;
    private boolean retried;
    private Buffer payload; // kept only while connecting, for the one retry
    private Waiter waiter;
    private long queueTimer = -1;

    private HttpClientRequest upReq;
    private HttpClientResponse upResp;
    private int upstreamStatus;
    private boolean success2xx;
    private long lastActivityNanos;
    private long idleTimer = -1;
    private boolean timedOut;
    private boolean pausedForClient;

    private SseRelay relay;
    private Buffer bodyCopy;
    private Integer usagePrompt;
    private Integer usageCompletion;
    private boolean streamErrorEvent;

    ProxyExchange(
            GatewayRuntime rt,
            Vertx vertx,
            HttpClient client,
            HttpServerRequest req,
            Endpoint endpoint) {
        long arrival = System.nanoTime();
        this.rt = rt;
        this.vertx = vertx;
        this.ctx = vertx.getOrCreateContext();
        this.client = client;
        this.req = req;
        this.resp = req.response();
        String id = RequestIds.next();
        this.m =
                new Measurement(
                        id, endpoint, rt.config.labels(), arrival, System.currentTimeMillis());
        this.book =
                new TokenBook(
                        id,
                        m.labels,
                        arrival,
                        m.arrivalWallMs,
                        rt.config.tokenInterval().toNanos(),
                        rt.config.tokenEveryChunks());
        this.upstreamTimeoutNanos = rt.config.upstreamTimeout().toNanos();
    }

    void start() {
        rt.metrics.arrived();
        resp.closeHandler(v -> onClientGone());
        resp.exceptionHandler(t -> onClientGone());
        req.handler(this::onRequestBytes);
        req.endHandler(v -> onRequestBody());
    }

    // ---- request body and admission ----

    private void onRequestBytes(Buffer chunk) {
        if (finished) {
            return;
        }
        if (received.length() + chunk.length() > rt.config.maxRequestBodyBytes()) {
            received = Buffer.buffer();
            publishStart();
            resp.putHeader(HttpHeaders.CONNECTION, "close");
            OpenAiError e = ErrorClassifier.bodyTooLarge(rt.config.maxRequestBodyBytes());
            respondError(e);
            finish(e.status(), ErrorClass.CLIENT_4XX, System.nanoTime());
            return;
        }
        received.appendBuffer(chunk);
    }

    private void onRequestBody() {
        if (finished) {
            return;
        }
        body = received.getBytes();
        received = null;
        RequestBodies.Inspected in = RequestBodies.inspect(body);
        m.labels = m.labels.withModel(in.model());
        m.stream = in.stream();
        book.labels(m.labels);
        start = m.startRecord(); // as known at arrival: the replica is not chosen yet
        if (in.stream() && !in.clientAskedUsage() && in.object()) {
            body = RequestBodies.withUsageRequested(body, in);
            injectedUsage = true;
        }
        Admission admission = rt.router.acquire(l -> ctx.runOnContext(v -> onGranted(l)));
        if (admission instanceof Granted g) {
            // The start record is published once the request has gone upstream (see dispatch).
            dispatch(g.lease());
        } else if (admission instanceof Queued q) {
            publishStart();
            waiter = q.waiter();
            m.queued = true;
            queueTimer =
                    vertx.setTimer(
                            Math.max(1, rt.config.queueTimeout().toMillis()),
                            id -> onQueueTimeout());
        } else {
            OpenAiError e = ErrorClassifier.queueFull(rt.config.maxQueue());
            respondError(e);
            finish(e.status(), ErrorClass.REJECTED, System.nanoTime());
        }
    }

    private void onGranted(Lease granted) {
        if (finished) {
            granted.release(); // the client left, or the wait timed out, while the grant hopped
            return;
        }
        waiter = null;
        cancelTimer(queueTimer);
        dispatch(granted);
    }

    private void onQueueTimeout() {
        if (finished || waiter == null || !waiter.cancel()) {
            return; // a grant is already on its way to onGranted
        }
        waiter = null;
        long now = System.nanoTime();
        OpenAiError e = ErrorClassifier.queueTimeout((now - m.arrivalNanos) / 1_000_000L);
        respondError(e);
        finish(e.status(), ErrorClass.REJECTED, now);
    }

    // ---- upstream ----

    private void dispatch(Lease granted) {
        lease = granted;
        Upstream u = granted.replica();
        m.dispatchNanos = System.nanoTime();
        m.labels = m.labels.withReplica(u.name(), u.node());
        book.labels(m.labels);
        if (!startPublished) {
            // Not published yet (no wait in the queue): the start names its replica too, so the
            // replica's arrivals and in-flight count it.
            start = m.startRecord();
        } else if (m.queued && !dispatchPublished) {
            // It waited: its start went out at arrival without a replica. The dispatch record
            // names the replica, so the replica's arrivals and in-flight count it from now. (A
            // retry on another replica sends none: the request stays counted where it went first.)
            dispatchPublished = true;
            rt.publish(Topics.RAW_REQUESTS, m.requestId, m.dispatchRecord());
        }
        lastActivityNanos = m.dispatchNanos;
        armIdleTimer(upstreamTimeoutNanos);

        MultiMap headers = HttpHeaders.headers();
        HopHeaders.copy(req.headers(), headers, SKIP_UPSTREAM);
        if (!headers.contains("x-request-id")) {
            headers.set("x-request-id", m.requestId); // lets replica logs carry the same id
        }
        if (payload == null) {
            payload = Buffer.buffer(body);
            body = null;
        }
        headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(payload.length()));
        RequestOptions options =
                new RequestOptions()
                        .setMethod(req.method())
                        .setHost(u.host())
                        .setPort(u.port())
                        .setSsl(u.ssl())
                        .setURI(u.upstreamUri(req.uri()))
                        .setHeaders(headers);
        Buffer toSend = payload;
        client.request(options)
                .compose(
                        r -> {
                            upReq = r;
                            payload = null; // connected: no retry from here on
                            // Failures reach us through the response future or handlers; without
                            // this, a reset we cause ourselves is logged as an unhandled error.
                            r.exceptionHandler(t -> {});
                            if (finished) {
                                r.reset(); // the client left while the connection was made
                                return Future.failedFuture("cancelled by the client");
                            }
                            Future<HttpClientResponse> sent = r.send(toSend);
                            // Encoding and queueing the start record happens after the request
                            // bytes are written: it is off the path to the first token. Its
                            // content (arrival time) does not depend on when it is published.
                            publishStart();
                            return sent;
                        })
                .onComplete(
                        ar -> {
                            if (ar.succeeded()) {
                                onResponse(ar.result());
                            } else {
                                onUpstreamFailure(ar.cause());
                            }
                        });
        // At the latest on the loop's next turn, e.g. while a new connection is being opened.
        ctx.runOnContext(v -> publishStart());
    }

    private void onResponse(HttpClientResponse r) {
        if (finished) {
            r.request().reset();
            return;
        }
        upResp = r;
        lease.responded();
        lastActivityNanos = System.nanoTime();
        upstreamStatus = r.statusCode();
        success2xx = upstreamStatus >= 200 && upstreamStatus < 300;
        String type = r.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean sse = success2xx && type != null && type.startsWith("text/event-stream");

        resp.setStatusCode(upstreamStatus);
        if (r.statusMessage() != null) {
            resp.setStatusMessage(r.statusMessage());
        }
        HopHeaders.copy(r.headers(), resp.headers(), Set.of());
        String length = r.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !(sse && injectedUsage)) {
            resp.putHeader(HttpHeaders.CONTENT_LENGTH, length); // bytes pass unchanged
        } else if (upstreamStatus != 204 && upstreamStatus != 304) {
            resp.setChunked(true);
        }
        if (sse) {
            relay =
                    new SseRelay(
                            rt.inspector,
                            injectedUsage,
                            GatewayRuntime.MAX_HELD_SSE_BYTES,
                            GatewayRuntime.MAX_SSE_DATA_BYTES,
                            this::onChunk);
        } else if (success2xx) {
            bodyCopy = Buffer.buffer();
        }
        r.handler(this::onUpstreamBytes);
        r.endHandler(v -> onUpstreamEnd());
        r.exceptionHandler(this::onUpstreamBroken);
    }

    private void onUpstreamBytes(Buffer chunk) {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        lastActivityNanos = now;
        if (relay != null) {
            byte[] in = chunk.getBytes();
            byte[] out = relay.feed(in, now);
            if (out == in) {
                write(chunk);
            } else if (out.length > 0) {
                write(Buffer.buffer(out));
            }
        } else {
            write(chunk);
            if (bodyCopy != null) {
                if (bodyCopy.length() + chunk.length() <= GatewayRuntime.MAX_USAGE_BODY_BYTES) {
                    bodyCopy.appendBuffer(chunk);
                } else {
                    bodyCopy = null; // too big to read usage from: tokens stay unknown
                }
            }
        }
    }

    private void onChunk(ChunkInfo info, long arrivalNanos) {
        if (info.error()) {
            streamErrorEvent = true;
        }
        if (info.hasUsage()) {
            usagePrompt = info.promptTokens() != null ? info.promptTokens() : usagePrompt;
            usageCompletion =
                    info.completionTokens() != null ? info.completionTokens() : usageCompletion;
            book.onUsage(info.promptTokens(), info.completionTokens());
        }
        if (info.contentBearing()) {
            TokenProgress progress = book.onContentChunk(arrivalNanos);
            if (progress != null) {
                rt.publish(Topics.RAW_TOKENS, m.requestId, progress);
            }
        }
    }

    private void write(Buffer chunk) {
        resp.write(chunk);
        if (resp.writeQueueFull() && !pausedForClient) {
            // A slow client slows the upstream instead of growing memory in the gateway.
            pausedForClient = true;
            upResp.pause();
            resp.drainHandler(
                    v -> {
                        pausedForClient = false;
                        lastActivityNanos = System.nanoTime();
                        if (!finished) {
                            upResp.resume();
                        }
                    });
        }
    }

    private void onUpstreamEnd() {
        if (finished) {
            return;
        }
        if (relay != null) {
            byte[] rest = relay.finish();
            if (rest.length > 0) {
                resp.write(Buffer.buffer(rest));
            }
        } else if (bodyCopy != null) {
            ChunkInfo info = rt.inspector.inspect(bodyCopy.getBytes());
            bodyCopy = null;
            usagePrompt = info.promptTokens();
            usageCompletion = info.completionTokens();
            book.onUsage(usagePrompt, usageCompletion);
        }
        ending = true;
        cancelTimer(idleTimer);
        resp.end()
                .onComplete(
                        ar -> {
                            long end = System.nanoTime();
                            if (ar.failed()) {
                                finish(sentStatus(), ErrorClass.CANCELLED, end);
                                return;
                            }
                            ErrorClass c = ErrorClassifier.ofStatus(upstreamStatus);
                            if (c == null && streamErrorEvent) {
                                c = ErrorClass.UPSTREAM_5XX; // an SSE error event mid-stream
                            }
                            finish(upstreamStatus, c, end);
                        });
    }

    /** No response head: refused, reset or closed before answering, or our timeout. */
    private void onUpstreamFailure(Throwable t) {
        if (finished) {
            return;
        }
        ErrorClass c = ErrorClassifier.ofFailure(false, timedOut);
        LOG.debug("upstream {} failed before responding: {}", replicaName(), t.toString());
        if (c == ErrorClass.UPSTREAM_CONNECT && lease != null) {
            lease.connectFailed();
            if (retryElsewhere()) {
                return;
            }
        }
        OpenAiError e = ErrorClassifier.clientError(c, replicaName());
        respondError(e);
        finish(e.status(), c, System.nanoTime());
        resetUpstream();
    }

    /**
     * Retries once on another non-ejected replica when the connection failed before any byte went
     * upstream (no request object yet: nothing reached a server, so a retry cannot run a request
     * twice). queue_ms keeps counting from arrival to the dispatch that served the request.
     */
    private boolean retryElsewhere() {
        if (retried || upReq != null || payload == null || rt.config.ejectAfter() == 0) {
            return false;
        }
        Lease other = rt.router.retryElsewhere(lease);
        if (other == null) {
            return false;
        }
        retried = true;
        rt.metrics.retried();
        cancelTimer(idleTimer);
        Lease failed = lease;
        dispatch(other);
        failed.release();
        return true;
    }

    /** The response broke after its head: reset, early close, or our timeout. */
    private void onUpstreamBroken(Throwable t) {
        if (finished) {
            return;
        }
        ErrorClass c = ErrorClassifier.ofFailure(true, timedOut);
        LOG.debug("upstream {} broke the response: {}", replicaName(), t.toString());
        Integer status;
        if (!resp.headWritten()) {
            resp.headers().clear();
            resp.setChunked(false);
            OpenAiError e = ErrorClassifier.clientError(c, replicaName());
            respondError(e);
            status = e.status();
        } else {
            status = upstreamStatus;
            resp.reset(); // the client must see a broken response, not a clean end
        }
        finish(status, c, System.nanoTime());
        resetUpstream();
    }

    // ---- client and timers ----

    private void onClientGone() {
        if (finished || ending) {
            return;
        }
        if (waiter != null) {
            waiter.cancel(); // if a grant is on its way, onGranted releases it
            waiter = null;
        }
        finish(sentStatus(), ErrorClass.CANCELLED, System.nanoTime());
        resetUpstream(); // cancels the upstream request so the replica stops generating
    }

    private void armIdleTimer(long delayNanos) {
        long ms = Math.max(1, delayNanos / 1_000_000L);
        idleTimer = vertx.setTimer(ms, id -> checkIdle());
    }

    private void checkIdle() {
        if (finished || ending) {
            return;
        }
        long idle = System.nanoTime() - lastActivityNanos;
        if (pausedForClient || idle < upstreamTimeoutNanos) {
            armIdleTimer(pausedForClient ? upstreamTimeoutNanos : upstreamTimeoutNanos - idle);
            return;
        }
        timedOut = true;
        Throwable t = new TimeoutException("upstream idle");
        if (upResp == null) {
            onUpstreamFailure(t);
        } else {
            onUpstreamBroken(t);
        }
    }

    // ---- ending ----

    private void respondError(OpenAiError e) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(e.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(e.body()));
    }

    private void finish(Integer httpStatus, ErrorClass errorClass, long endNanos) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimer(queueTimer);
        cancelTimer(idleTimer);
        if (lease != null) {
            lease.release();
        }
        publishStart();
        Integer prompt = null;
        Integer completion = null;
        Boolean estimated = null;
        if (success2xx) {
            boolean exact = usageCompletion != null;
            completion = exact ? usageCompletion : book.cumulative();
            prompt = usagePrompt;
            estimated = !exact;
            TokenProgress last = book.finish(completion, exact, endNanos);
            if (last != null) {
                rt.publish(Topics.RAW_TOKENS, m.requestId, last);
            }
        }
        Outcome outcome = new Outcome(httpStatus, errorClass, prompt, completion, estimated);
        rt.publish(
                Topics.RAW_REQUESTS,
                m.requestId,
                m.endRecord(endNanos, outcome, book.firstTokenNanos(), book.lastTokenNanos()));
        rt.metrics.finished(m.endpoint, httpStatus, errorClass, m.labels.replica());
    }

    private void publishStart() {
        if (!startPublished) {
            startPublished = true;
            rt.publish(Topics.RAW_REQUESTS, m.requestId, start != null ? start : m.startRecord());
        }
    }

    private Integer sentStatus() {
        return resp.headWritten() ? resp.getStatusCode() : null;
    }

    private void resetUpstream() {
        if (upReq != null) {
            upReq.reset();
        }
    }

    private String replicaName() {
        return lease == null ? "-" : lease.replica().name();
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }
}
