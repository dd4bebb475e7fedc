package io.inferscope.collector.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Test clients of the gateway: the JDK HTTP client, and a raw socket that can hang up. */
final class Clients {
    static final String PROMPT_MARKER = "PROMPT-MARKER-7f3a";
    static final String SECRET_MARKER = "SECRET-MARKER-91c2";
    static final String COMPLETION_MARKER = "COMPLETION-MARKER-55d1";

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private Clients() {}

    static String chatBody(boolean stream, boolean askUsage) {
        String options = askUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
        return "{\"model\":\"test-model\",\"stream\":"
                + stream
                + options
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"say hi "
                + PROMPT_MARKER
                + "\"}]}";
    }

    /** POSTs JSON with credentials carrying the secret marker; returns status and raw body. */
    static HttpResponse<byte[]> post(int port, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + SECRET_MARKER)
                        .header("api-key", SECRET_MARKER)
                        .header("x-api-key", SECRET_MARKER)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> get(int port, String path)
            throws IOException, InterruptedException {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Sends a streaming request on a raw socket, reads until {@code marker} has been received, then
     * closes the connection mid-stream.
     */
    static void postAndHangUpAfter(int port, String path, String json, String marker)
            throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(
                    ("POST "
                                    + path
                                    + " HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: "
                                    + body.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("stream ended before " + marker);
                }
                seen.write(buf, 0, n);
            }
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
