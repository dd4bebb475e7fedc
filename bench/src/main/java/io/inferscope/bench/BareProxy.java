package io.inferscope.bench;

import io.inferscope.collector.gateway.HopHeaders;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least a reverse proxy can do, as a reference for the gateway: the same Vert.x, event-loop
 * count, socket options and keep-alive pool as the gateway, but nothing else. It reads a request,
 * sends it to the next replica in turn, and writes each buffer of the response to the client as it
 * arrives, with the gateway's header rules ({@link HopHeaders}). It inspects nothing, measures
 * nothing, publishes nothing and has no flow control (the bench's responses are a few KiB). Run in
 * the gateway's JVM, with its flags.
 *
 * <p>What it adds over going direct is what one more hop each way costs on the machine: two more
 * processes' wake-ups and socket reads and writes on the path to the first token. No proxy built on
 * this stack adds less, so the gateway's own work is what it adds beyond this.
 */
final class BareProxy implements AutoCloseable {
    private final Vertx vertx;
    private final int port;

    private BareProxy(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** Starts {@code loops} event loops, each with a server on one shared port and a client. */
    static BareProxy start(int loops, List<String> replicaUrls) throws Exception {
        Vertx vertx =
                Vertx.vertx(
                        new VertxOptions()
                                .setEventLoopPoolSize(loops)
                                .setPreferNativeTransport(true)
                                .setWorkerPoolSize(1)
                                .setInternalBlockingPoolSize(1));
        List<URI> replicas = replicaUrls.stream().map(URI::create).toList();
        AtomicInteger next = new AtomicInteger();
        int port = -1; // one random port shared by every instance
        ProxyVerticle first = new ProxyVerticle(replicas, next, port);
        await(vertx.deployVerticle(first));
        for (int i = 1; i < loops; i++) {
            await(vertx.deployVerticle(new ProxyVerticle(replicas, next, port)));
        }
        return new BareProxy(vertx, first.server.actualPort());
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void await(Future<?> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static final class ProxyVerticle extends VerticleBase {
        private final List<URI> replicas;
        private final AtomicInteger next;
        private final int listenPort;
        private HttpServer server;
        private HttpClient client;

        ProxyVerticle(List<URI> replicas, AtomicInteger next, int listenPort) {
            this.replicas = replicas;
            this.next = next;
            this.listenPort = listenPort;
        }

        @Override
        public Future<?> start() {
            // The gateway's client and server options (GatewayVerticle), nothing more.
            client =
                    vertx.createHttpClient(
                            new HttpClientOptions()
                                    .setProtocolVersion(HttpVersion.HTTP_1_1)
                                    .setTcpNoDelay(true)
                                    .setKeepAlive(true)
                                    .setKeepAliveTimeout(60)
                                    .setDecompressionSupported(false),
                            new PoolOptions().setHttp1MaxSize(1024));
            server =
                    vertx.createHttpServer(
                            new HttpServerOptions()
                                    .setHost("127.0.0.1")
                                    .setPort(listenPort)
                                    .setTcpNoDelay(true)
                                    .setCompressionSupported(false));
            server.requestHandler(this::proxy);
            return server.listen();
        }

        private void proxy(HttpServerRequest req) {
            URI u = replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
            HttpServerResponse resp = req.response();
            MultiMap headers = HttpHeaders.headers();
            HopHeaders.copy(req.headers(), headers, Set.of()); // send(body) sets Content-Length
            req.body()
                    .compose(
                            body ->
                                    client.request(
                                                    new RequestOptions()
                                                            .setMethod(req.method())
                                                            .setHost(u.getHost())
                                                            .setPort(u.getPort())
                                                            .setURI(req.uri())
                                                            .setHeaders(headers))
                                            .compose(r -> r.send(body)))
                    .onSuccess(up -> relay(up, resp))
                    .onFailure(t -> resp.setStatusCode(502).end());
        }

        private static void relay(HttpClientResponse up, HttpServerResponse resp) {
            resp.setStatusCode(up.statusCode());
            HopHeaders.copy(up.headers(), resp.headers(), Set.of());
            String length = up.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, length);
            } else {
                resp.setChunked(true);
            }
            up.handler(resp::write); // each buffer leaves at once: Vert.x flushes every write
            up.endHandler(v -> resp.end());
            up.exceptionHandler(t -> resp.reset());
        }
    }
}
