package io.inferscope.collector.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A model server stand-in for tests that answers exactly what the test scripts, on a raw socket:
 * fixed SSE bytes (one HTTP chunk per event, flushed), errors, silence, or a connection cut
 * mid-body. It records every request it received (method, path, headers, body) so tests can check
 * what the gateway forwarded.
 */
final class ScriptedUpstream implements AutoCloseable {

    /** What the upstream does with one request. */
    interface Script {
        void answer(Received request, Responder out) throws IOException, InterruptedException;
    }

    record Received(String method, String path, Map<String, String> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Writes a response on the raw connection. */
    static final class Responder {
        private final OutputStream out;
        private boolean close;

        Responder(OutputStream out) {
            this.out = out;
        }

        /** Status line and headers of a chunked response. */
        Responder head(int status, String contentType) throws IOException {
            write(
                    "HTTP/1.1 "
                            + status
                            + " X\r\nContent-Type: "
                            + contentType
                            + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            return this;
        }

        /** A whole response with a Content-Length body. */
        void full(int status, String contentType, byte[] body) throws IOException {
            write(
                    "HTTP/1.1 "
                            + status
                            + " X\r\nContent-Type: "
                            + contentType
                            + "\r\nContent-Length: "
                            + body.length
                            + "\r\n\r\n");
            out.write(body);
            out.flush();
        }

        /** One HTTP chunk, flushed at once. */
        Responder chunk(byte[] bytes) throws IOException {
            write(Integer.toHexString(bytes.length) + "\r\n");
            out.write(bytes);
            write("\r\n");
            out.flush();
            return this;
        }

        Responder chunk(String s) throws IOException {
            return chunk(s.getBytes(StandardCharsets.UTF_8));
        }

        void end() throws IOException {
            write("0\r\n\r\n");
            out.flush();
        }

        /** Cuts the connection (no terminating chunk). */
        void cut() {
            close = true;
        }

        private void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Script script;

    ScriptedUpstream(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "scripted-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void script(Script s) {
        this.script = s;
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    List<Received> received() {
        return received;
    }

    /** Waits until {@code n} requests arrived (bounded). */
    Received awaitRequest(int n, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (received.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return received.size() >= n ? received.get(n - 1) : null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-upstream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                Received r = readRequest(in);
                if (r == null) {
                    return;
                }
                received.add(r);
                Responder responder = new Responder(out);
                script.answer(r, responder);
                if (responder.close) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the connection ended; nothing to do
        }
    }

    private static Received readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.put(
                        lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(c + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Received(start[0], start[1], headers, body);
    }
}
