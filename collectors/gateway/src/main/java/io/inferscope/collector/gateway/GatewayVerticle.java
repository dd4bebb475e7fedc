package io.inferscope.collector.gateway;

import io.inferscope.schemas.RequestEvent.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * One event loop's share of the gateway: an HTTP server (Vert.x spreads accepted connections over
 * the instances listening on the same port) and this loop's own pooled HTTP/1.1 keep-alive client
 * to the replicas, so a request and its upstream call never change threads.
 */
final class GatewayVerticle extends VerticleBase {
    /** Idle pooled upstream connections are closed after this many seconds. */
    static final int KEEP_ALIVE_SECONDS = 60;

    static final int CONNECT_TIMEOUT_MS = 10_000;

    private final GatewayRuntime rt;
    private final int port;
    private HttpServer server;
    private HttpClient client;
    private IngestHandler ingest;

    GatewayVerticle(GatewayRuntime rt, int port) {
        this.rt = rt;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        int cap = rt.config.maxInflightPerReplica();
        HttpClientOptions clientOptions =
                new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        // Each SSE event is one small write that must leave at once (Vert.x's
                        // default too; set here because latency depends on it).
                        .setTcpNoDelay(true)
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                        .setConnectTimeout(
                                (int)
                                        Math.min(
                                                CONNECT_TIMEOUT_MS,
                                                rt.config.upstreamTimeout().toMillis()))
                        .setDecompressionSupported(false);
        // Each streaming request holds its connection for its whole life: size the pool to the cap.
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(cap > 0 ? cap : 1024);
        client = vertx.createHttpClient(clientOptions, pool);
        ingest = new IngestHandler(rt);
        server =
                vertx.createHttpServer(
                        new HttpServerOptions()
                                .setHost(rt.config.host())
                                .setPort(port)
                                .setTcpNoDelay(true)
                                // curl and others send Expect: 100-continue for larger bodies.
                                .setHandle100ContinueAutomatically(true)
                                .setCompressionSupported(false));
        server.requestHandler(this::route);
        return server.listen();
    }

    int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server.close().eventually(() -> client.close());
    }

    private void route(HttpServerRequest req) {
        String path = req.path();
        if (IngestHandler.handles(path)) {
            ingest.handle(req);
            return;
        }
        Endpoint endpoint = measured(req.method(), path);
        if (endpoint != null) {
            new ProxyExchange(rt, vertx, client, req, endpoint).start();
        } else {
            PassThrough.handle(rt, client, req);
        }
    }

    static Endpoint measured(HttpMethod method, String path) {
        if (!HttpMethod.POST.equals(method) || path == null) {
            return null;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/v1/chat/completions")) {
            return Endpoint.CHAT_COMPLETIONS;
        }
        if (p.equals("/v1/completions")) {
            return Endpoint.COMPLETIONS;
        }
        return null;
    }
}
