package io.inferscope.bench.footprint;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A collector running as its own JVM, as it would be deployed: {@code java <flags> -cp <class path>
 * FootprintMain <collector> <options>}, its output in a log file, its self-metrics on a free
 * loopback port. Stopped with SIGTERM, which runs the command's shutdown hook (a clean close).
 */
final class CollectorProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // A harness stopped with Ctrl-C must not leave collectors running.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> LIVE.forEach(Process::destroyForcibly),
                                "footprint-children-killer"));
    }

    final String label;
    final Process process;
    final int metricsPort;
    final Path log;

    private CollectorProcess(String label, Process process, int metricsPort, Path log) {
        this.label = label;
        this.process = process;
        this.metricsPort = metricsPort;
        this.log = log;
    }

    /**
     * @param collector {@code gpu} or {@code kubernetes}
     * @param options the collector's options, without {@code --metrics-host/--metrics-port}
     */
    static CollectorProcess start(
            String label,
            List<String> jvmFlags,
            java.util.Map<String, String> env,
            String classPath,
            String collector,
            List<String> options,
            Path log)
            throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", classPath, FootprintMain.class.getName(), collector));
        cmd.addAll(options);
        cmd.addAll(
                List.of("--metrics-host", "127.0.0.1", "--metrics-port", Integer.toString(port)));
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        LIVE.add(p);
        return new CollectorProcess(label, p, port, log);
    }

    long pid() {
        return process.pid();
    }

    /** The self-metrics page, or an empty string when it does not answer (yet). */
    String scrape() {
        try {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:" + metricsPort + "/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * {@code inferscope_collector_records_sent_total}: records Kafka acknowledged; -1 if unknown.
     */
    long recordsSent() {
        return (long) PrometheusText.value(scrape(), "inferscope_collector_records_sent_total", -1);
    }

    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    label + " exited with code " + process.exitValue() + "; see " + log);
        }
    }

    /** SIGTERM, then SIGKILL after 20 s; returns the exit code. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        LIVE.remove(process);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
