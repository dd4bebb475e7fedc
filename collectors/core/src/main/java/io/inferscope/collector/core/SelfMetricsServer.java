package io.inferscope.collector.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector's own health and metrics over plain HTTP (the JDK's {@code HttpServer}, one thread):
 *
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format 0.0.4; every sample carries {@code
 *       collector="<name>"}. Components add their families with {@link #addCollector}.
 *   <li>{@code GET /healthz}: 200 {@code {"status":"ok", ...}} while the process is alive, with one
 *       field per {@link #addHealth} entry (e.g. {@code "kafka":"spooling"}).
 * </ul>
 *
 * Options: the bind address and port (0 = any free port), and the collector name.
 */
public final class SelfMetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelfMetricsServer.class);

    private final String collector;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Consumer<PrometheusWriter>> collectors = new CopyOnWriteArrayList<>();
    private final Map<String, Supplier<String>> health = new LinkedHashMap<>();

    private SelfMetricsServer(String collector, HttpServer server, ExecutorService executor) {
        this.collector = collector;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException when the port is already taken (a clear message, not a crash)
     */
    public static SelfMetricsServer start(InetSocketAddress bind, String collector) {
        HttpServer server;
        try {
            server = HttpServer.create(bind, 16);
        } catch (BindException e) {
            throw new IllegalStateException(
                    "self-metrics port "
                            + bind.getPort()
                            + " on "
                            + bind.getHostString()
                            + " is already in use",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the self-metrics server on " + bind, e);
        }
        ExecutorService executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "inferscope-self-metrics");
                            t.setDaemon(true);
                            return t;
                        });
        SelfMetricsServer s = new SelfMetricsServer(collector, server, executor);
        server.createContext("/metrics", s::metrics);
        server.createContext("/healthz", s::healthz);
        server.createContext(
                "/", ex -> s.send(ex, 404, "text/plain; charset=utf-8", "not found\n"));
        server.setExecutor(executor);
        server.start();
        return s;
    }

    /** Adds metric families written on every scrape. */
    public SelfMetricsServer addCollector(Consumer<PrometheusWriter> writer) {
        collectors.add(writer);
        return this;
    }

    /** Adds a field to {@code /healthz}. */
    public SelfMetricsServer addHealth(String field, Supplier<String> state) {
        synchronized (health) {
            health.put(field, state);
        }
        return this;
    }

    /** Serves a publisher's metrics and its Kafka state ({@code "kafka"} in {@code /healthz}). */
    public SelfMetricsServer register(Publisher publisher) {
        addCollector(publisher::writeMetrics);
        return addHealth("kafka", publisher::kafkaState);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The text {@code /metrics} would serve now. */
    public String scrape() {
        PrometheusWriter w = new PrometheusWriter(Map.of("collector", collector));
        for (Consumer<PrometheusWriter> c : collectors) {
            try {
                c.accept(w);
            } catch (RuntimeException e) {
                LOG.warn(
                        "A metrics collector failed; its families are missing from this scrape", e);
            }
        }
        return w.toString();
    }

    private void metrics(HttpExchange ex) throws IOException {
        if (!allowed(ex)) {
            return;
        }
        send(ex, 200, PrometheusWriter.CONTENT_TYPE, scrape());
    }

    private void healthz(HttpExchange ex) throws IOException {
        if (!allowed(ex)) {
            return;
        }
        StringBuilder json = new StringBuilder("{\"status\":\"ok\"");
        synchronized (health) {
            for (Map.Entry<String, Supplier<String>> h : health.entrySet()) {
                String value;
                try {
                    value = h.getValue().get();
                } catch (RuntimeException e) {
                    value = "unknown";
                }
                json.append(",\"").append(jsonEscape(h.getKey())).append("\":\"");
                json.append(jsonEscape(value)).append('"');
            }
        }
        json.append("}\n");
        send(ex, 200, "application/json", json.toString());
    }

    private boolean allowed(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private void send(HttpExchange ex, int status, String contentType, String body)
            throws IOException {
        try (ex) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
