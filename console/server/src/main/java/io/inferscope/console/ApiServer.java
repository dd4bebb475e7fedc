package io.inferscope.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inferscope.logsearch.LogSearchHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server on the JDK's {@link HttpServer}: the REST API, {@code /metrics}, {@code
 * /instances}, and the dashboard's static files ({@link StaticFiles}) on every other path. Chosen
 * over Vert.x because every request is a blocking store read (RocksDB iterators): a small worker
 * pool with plain blocking handlers is the simplest correct shape, and the console needs no extra
 * dependency for it.
 *
 * <p>Multi-instance: {@code series}, {@code columns} and {@code percentile} go to the instance that
 * owns the group ({@link Instances#ownerOf}); {@code groups}, {@code alerts} and {@code events} are
 * gathered from every instance and merged ({@link Gathered}). A forwarded request carries {@code
 * forwarded=1} and is always answered locally, so requests never loop. An instance that cannot be
 * reached is a 502. {@code /metrics} is per instance by design: Prometheus scrapes every instance.
 */
final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final Routes routes;
    private final StaticFiles files = new StaticFiles(ApiServer.class.getClassLoader());
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();
    private volatile Instances instances;

    /** Another instance did not answer a forwarded request. */
    static final class ForwardException extends RuntimeException {
        ForwardException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final LogSearchHttp logs;

    ApiServer(HttpServer server, Routes routes) {
        this(server, routes, null);
    }

    /**
     * @param logs the embedded log store's handler; null: {@code /api/v1/logs} is a 404
     */
    ApiServer(HttpServer server, Routes routes, LogSearchHttp logs) {
        this.server = server;
        this.routes = routes;
        this.logs = logs;
        server.createContext("/", this::handle);
    }

    void start(Instances cluster) {
        this.instances = cluster;
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            boolean api =
                    path.startsWith("/api/")
                            || path.equals("/metrics")
                            || path.equals("/healthz")
                            || path.equals("/instances");
            if (!api) {
                staticFile(ex, path);
            } else if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, JSON, error("only GET"));
            } else {
                api(ex, path, Query.parse(ex.getRequestURI()));
            }
        }
    }

    private void api(HttpExchange ex, String path, Query q) throws IOException {
        try {
            switch (path) {
                case "/metrics" -> send(ex, 200, Exposition.CONTENT_TYPE, routes.metrics());
                case "/instances" -> json(ex, instances.describe());
                case "/healthz" -> healthz(ex);
                case LogSearchHttp.PATH -> logs(ex);
                case "/api/v1/series", "/api/v1/columns", "/api/v1/percentile" ->
                        keyed(ex, q, path);
                case "/api/v1/groups", "/api/v1/alerts", "/api/v1/events" -> gathered(ex, q, path);
                default -> send(ex, 404, JSON, error("no such endpoint: " + path));
            }
        } catch (IllegalArgumentException e) {
            send(ex, 400, JSON, error(e.getMessage()));
        } catch (InvalidStateStoreException e) {
            send(ex, 503, JSON, error("stores not ready: " + e.getMessage()));
        } catch (ForwardException e) {
            LOG.warn("{}: {}", path, e.getMessage());
            send(ex, 502, JSON, error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("request {} failed", path, e);
            send(ex, 500, JSON, error(e.toString()));
        }
    }

    /**
     * Liveness and readiness: 200 while the Streams application runs (or rebalances), 503 when it
     * is not running (starting, failed, shutting down).
     */
    private void healthz(HttpExchange ex) throws IOException {
        String state = instances.state();
        boolean ok = state.equals("RUNNING") || state.equals("REBALANCING");
        send(
                ex,
                ok ? 200 : 503,
                JSON,
                Json.MAPPER
                        .createObjectNode()
                        .put("status", ok ? "ok" : "unavailable")
                        .put("streams", state)
                        .toString());
    }

    /** Log search is local on every instance: each keeps a whole index, nothing is forwarded. */
    private void logs(HttpExchange ex) throws IOException {
        if (logs == null) {
            send(ex, 404, JSON, error("log search is not enabled on this console"));
            return;
        }
        LogSearchHttp.Response r = logs.handle(ex.getRequestURI().getRawQuery());
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(r.status(), r.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(r.body());
        }
    }

    private void staticFile(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            send(ex, 405, "text/plain; charset=utf-8", "only GET and HEAD");
            return;
        }
        Optional<StaticFiles.File> found = files.lookup(path);
        if (found.isEmpty()) {
            send(ex, 404, "text/plain; charset=utf-8", "not found: " + path);
            return;
        }
        StaticFiles.File f = found.get();
        var headers = ex.getResponseHeaders();
        headers.set("Cache-Control", f.cacheControl());
        headers.set("ETag", f.etag());
        headers.set("X-Content-Type-Options", "nosniff");
        if (StaticFiles.matches(ex.getRequestHeaders().getFirst("If-None-Match"), f.etag())) {
            ex.sendResponseHeaders(304, -1);
            return;
        }
        headers.set("Content-Type", f.contentType());
        if ("HEAD".equals(method)) {
            headers.set("Content-Length", Integer.toString(f.body().length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, f.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(f.body());
        }
    }

    private void keyed(HttpExchange ex, Query q, String path) throws IOException {
        if (!q.forwarded()) {
            StoreNames.Metrics m = StoreNames.Metrics.of(q.get("topic", "requests"));
            int window = q.intValue("window", 10);
            Optional<HostInfo> owner =
                    instances.ownerOf(m.windowStore(window), q.required("group"));
            if (owner.isPresent()) {
                json(ex, forward(owner.get(), ex.getRequestURI()));
                return;
            }
        }
        json(
                ex,
                switch (path) {
                    case "/api/v1/series" -> routes.series(q);
                    case "/api/v1/columns" -> routes.columns(q);
                    default -> routes.percentile(q);
                });
    }

    private void gathered(HttpExchange ex, Query q, String path) throws IOException {
        JsonNode merged =
                switch (path) {
                    case "/api/v1/groups" -> routes.groups();
                    case "/api/v1/alerts" -> routes.alerts(q);
                    default -> routes.events(q);
                };
        if (!q.forwarded()) {
            for (HostInfo other : instances.others()) {
                merged = Gathered.merge(merged, forward(other, ex.getRequestURI()));
            }
            merged =
                    switch (path) {
                        case "/api/v1/alerts" -> Gathered.alerts(merged);
                        case "/api/v1/events" -> Gathered.events(merged, q.intValue("limit", 100));
                        default -> merged;
                    };
        }
        json(ex, merged);
    }

    private JsonNode forward(HostInfo host, URI uri) {
        String query = uri.getRawQuery();
        URI target =
                URI.create(
                        "http://"
                                + host.host()
                                + ":"
                                + host.port()
                                + uri.getRawPath()
                                + "?"
                                + (query == null ? "" : query + "&")
                                + "forwarded=1");
        HttpRequest req = HttpRequest.newBuilder(target).timeout(FORWARD_TIMEOUT).GET().build();
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ForwardException("instance " + host + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForwardException("interrupted while forwarding to " + host, e);
        }
        if (resp.statusCode() == 503) {
            // The owner is restoring or rebalancing: the same answer a local store would give.
            throw new InvalidStateStoreException("instance " + host + " is not ready");
        }
        if (resp.statusCode() != 200) {
            throw new ForwardException("instance " + host + " answered " + resp.statusCode(), null);
        }
        try {
            return Json.MAPPER.readTree(resp.body());
        } catch (IOException e) {
            throw new ForwardException("instance " + host + " sent malformed JSON", e);
        }
    }

    private static void json(HttpExchange ex, JsonNode body) throws IOException {
        send(ex, 200, JSON, Json.MAPPER.writeValueAsString(body));
    }

    private static String error(String message) {
        return Json.MAPPER.createObjectNode().put("error", String.valueOf(message)).toString();
    }

    /** API answers are live views: never cached by the browser or a proxy. */
    private static void send(HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
