package io.inferscope.notifier;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A local HTTP receiver on 127.0.0.1 standing in for PagerDuty or a webhook endpoint: answers from
 * a script of status codes (then the default), and records every request it got.
 */
final class Receiver implements AutoCloseable {
    record Request(
            String method,
            String path,
            Map<String, List<String>> headers,
            String body,
            int answered,
            long atNanos) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Answer fallback;

    Receiver(int defaultStatus) throws IOException {
        this.fallback = Answer.of(defaultStatus);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    Answer a = script.poll();
                    if (a == null) {
                        a = fallback;
                    }
                    requests.add(
                            new Request(
                                    ex.getRequestMethod(),
                                    ex.getRequestURI().getPath(),
                                    Map.copyOf(ex.getRequestHeaders()),
                                    body,
                                    a.status(),
                                    System.nanoTime()));
                    a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(out);
                    }
                    ex.close();
                });
        server.start();
    }

    Receiver thenAnswer(int... statuses) {
        for (int s : statuses) {
            script.add(Answer.of(s));
        }
        return this;
    }

    Receiver thenAnswer(Answer a) {
        script.add(a);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Waits (bounded) until some request matches, and returns all requests then. */
    List<Request> awaitRequest(Predicate<Request> p, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (requests.stream().anyMatch(p)) {
                return requests();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching request within " + timeout + "; got " + requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
