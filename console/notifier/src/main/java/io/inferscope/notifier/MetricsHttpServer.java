package io.inferscope.notifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The standalone notifier's tiny HTTP endpoint: {@code GET /metrics} (Prometheus text) and {@code
 * GET /healthz}. Embedded in the console, the console's own {@code /metrics} includes the same text
 * instead. One thread; the JDK server, no framework.
 */
final class MetricsHttpServer implements AutoCloseable {
    private final HttpServer server;

    private MetricsHttpServer(HttpServer server) {
        this.server = server;
    }

    static MetricsHttpServer start(String host, int port, Notifier notifier) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 0);
        s.createContext(
                "/metrics",
                ex -> {
                    StringBuilder sb = new StringBuilder();
                    notifier.writeMetrics(sb);
                    reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", sb.toString());
                });
        s.createContext("/healthz", ex -> reply(ex, 200, "text/plain", "ok\n"));
        s.start();
        return new MetricsHttpServer(s);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int code, String type, String body)
            throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(code, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
