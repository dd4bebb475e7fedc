package io.inferscope.notifier;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on loopback: a free port, a temp
 * storage dir, a minimal config, gossip off ({@code --cluster.listen-address=}). A missing binary
 * is a failure with the install command, never a skip.
 */
final class AlertmanagerProcess implements AutoCloseable {
    /** Overrides the binary's path (e.g. an upstream {@code alertmanager} tarball). */
    static final String BIN_PROPERTY = "inferscope.alertmanager.bin";

    static final String DEFAULT_BIN = "/usr/bin/prometheus-alertmanager";
    private static final String CONFIG =
            "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n";

    private final Process process;
    private final Path log;
    private final int port;

    private AlertmanagerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static AlertmanagerProcess start(Path dir) throws IOException, InterruptedException {
        Path bin = Path.of(System.getProperty(BIN_PROPERTY, DEFAULT_BIN));
        if (!Files.isExecutable(bin)) {
            throw new AssertionError(
                    "Alertmanager binary "
                            + bin
                            + " is missing: install it with `apt-get install -y"
                            + " prometheus-alertmanager` (or set -D"
                            + BIN_PROPERTY
                            + "=/path/to/alertmanager)");
        }
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), CONFIG);
        Path log = dir.resolve("alertmanager.log");
        int port = freePort();
        Process p =
                new ProcessBuilder(
                                List.of(
                                        bin.toString(),
                                        "--config.file=" + config,
                                        "--storage.path=" + dir.resolve("data"),
                                        "--web.listen-address=127.0.0.1:" + port,
                                        "--cluster.listen-address="))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        AlertmanagerProcess am = new AlertmanagerProcess(p, log, port);
        am.awaitReady(Duration.ofSeconds(30));
        return am;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("Alertmanager exited at start:\n" + logTail());
            }
            try {
                HttpResponse<Void> r =
                        client.send(
                                HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                                HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new AssertionError("Alertmanager not ready within " + timeout + ":\n" + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
