package io.inferscope.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on the JDK's {@link HttpServer}. Chosen over Vert.x because every request is a
 * blocking store read (RocksDB iterators): a small worker pool with plain blocking handlers is the
 * simplest correct shape, and the console needs no extra dependency for it.
 *
 * <p>Multi-instance: {@code series} and {@code percentile} go to the instance that owns the group
 * ({@link Instances#ownerOf}); {@code groups}, {@code alerts} and {@code events} are gathered from
 * every instance and merged. A forwarded request carries {@code forwarded=1} and is always answered
 * locally, so requests never loop. {@code /metrics} is per instance by design: Prometheus scrapes
 * every instance.
 */
final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

    private final HttpServer server;
    private final Routes routes;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();
    private volatile Instances instances;

    ApiServer(HttpServer server, Routes routes) {
        this.server = server;
        this.routes = routes;
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
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, "application/json", error("only GET"));
                return;
            }
            Query q = Query.parse(ex.getRequestURI());
            String path = ex.getRequestURI().getPath();
            try {
                switch (path) {
                    case "/metrics" -> send(ex, 200, Exposition.CONTENT_TYPE, routes.metrics());
                    case "/instances" -> json(ex, instances.describe());
                    case "/api/v1/series", "/api/v1/percentile" -> keyed(ex, q, path);
                    case "/api/v1/groups", "/api/v1/alerts", "/api/v1/events" ->
                            gathered(ex, q, path);
                    default ->
                            send(ex, 404, "application/json", error("no such endpoint: " + path));
                }
            } catch (IllegalArgumentException e) {
                send(ex, 400, "application/json", error(e.getMessage()));
            } catch (InvalidStateStoreException e) {
                send(ex, 503, "application/json", error("stores not ready: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("request {} failed", path, e);
                send(ex, 500, "application/json", error(e.toString()));
            }
        }
    }

    private void keyed(HttpExchange ex, Query q, String path) throws IOException {
        if (!q.forwarded()) {
            StoreNames.Metrics m = StoreNames.Metrics.of(q.get("topic", "requests"));
            int window = q.intValue("window", 10);
            Optional<HostInfo> owner =
                    instances.ownerOf(m.windowStore(window), q.required("group"));
            if (owner.isPresent()) {
                JsonNode remote = forward(owner.get(), ex.getRequestURI());
                json(ex, remote);
                return;
            }
        }
        json(ex, path.endsWith("series") ? routes.series(q) : routes.percentile(q));
    }

    private void gathered(HttpExchange ex, Query q, String path) throws IOException {
        JsonNode local =
                switch (path) {
                    case "/api/v1/groups" -> routes.groups();
                    case "/api/v1/alerts" -> routes.alerts(q);
                    default -> routes.events(q);
                };
        if (!q.forwarded()) {
            for (HostInfo other : instances.others()) {
                local = merge(local, forward(other, ex.getRequestURI()));
            }
        }
        json(ex, local);
    }

    private JsonNode forward(HostInfo host, URI uri) throws IOException {
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
        try {
            HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                throw new IOException("instance " + host + " answered " + resp.statusCode());
            }
            return Json.MAPPER.readTree(resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + host, e);
        }
    }

    /** Arrays concatenate; objects merge their array fields, de-duplicating plain values. */
    static JsonNode merge(JsonNode a, JsonNode b) {
        if (a instanceof ArrayNode x && b instanceof ArrayNode y) {
            return x.deepCopy().addAll(y);
        }
        if (a instanceof ObjectNode x && b instanceof ObjectNode y) {
            ObjectNode out = x.deepCopy();
            for (Iterator<String> it = y.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (out.get(f) instanceof ArrayNode mine && y.get(f) instanceof ArrayNode theirs) {
                    Set<JsonNode> union = new LinkedHashSet<>();
                    mine.forEach(union::add);
                    theirs.forEach(union::add);
                    out.putArray(f).addAll(union);
                }
            }
            return out;
        }
        return a;
    }

    private static void json(HttpExchange ex, JsonNode body) throws IOException {
        send(ex, 200, "application/json", Json.MAPPER.writeValueAsString(body));
    }

    private static String error(String message) {
        return Json.MAPPER.createObjectNode().put("error", String.valueOf(message)).toString();
    }

    private static void send(HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
