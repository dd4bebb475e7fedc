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
 * A collector running as its own JVM exactly as a user starts it: {@code ./inferscope collect
 * <collector> <options>} (the script execs {@code java}, so the pid is the JVM's), its output in a
 * log file, its self-metrics on a free loopback port. Stopped with SIGTERM, which runs the
 * command's shutdown hook (a clean close).
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
     * Runs {@code <repo>/inferscope collect <collector> <options>}: the user's command, which execs
     * the JVM in place (same pid) with the collector's own class path and main. Never builds
     * ({@code INFERSCOPE_NO_BUILD=1}): the bench runs what {@code mvnw install} left in {@code
     * collectors/<name>/target}.
     *
     * @param javaOpts {@code INFERSCOPE_JAVA_OPTS}, or null for the script's default (the shipped
     *     {@code collectors/collector.jvm.options})
     * @param collector {@code gpu} or {@code kubernetes}
     * @param options the collector's options, without {@code --metrics-host/--metrics-port}
     */
    static CollectorProcess start(
            String label,
            Path repoRoot,
            String javaOpts,
            java.util.Map<String, String> env,
            String collector,
            List<String> options,
            Path log)
            throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(repoRoot.resolve("inferscope").toString());
        cmd.addAll(List.of("collect", collector));
        cmd.addAll(options);
        cmd.addAll(
                List.of("--metrics-host", "127.0.0.1", "--metrics-port", Integer.toString(port)));
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(repoRoot.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment().remove("INFERSCOPE_JAVA_OPTS");
        pb.environment().put("INFERSCOPE_NO_BUILD", "1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (javaOpts != null) {
            pb.environment().put("INFERSCOPE_JAVA_OPTS", javaOpts);
        }
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
