package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code inferscope collect kubernetes} as an operator runs it. */
class CollectKubernetesCommandTest {
    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(CollectKubernetesCommand command) {
        return new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
    }

    /** A kubeconfig whose current context points at a dead port and a second at {@code url}. */
    private Path kubeconfig(String url, int deadPort) throws IOException {
        String yaml =
                """
                apiVersion: v1
                kind: Config
                clusters:
                - name: dead
                  cluster:
                    server: http://127.0.0.1:%d
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: dead
                  context:
                    cluster: dead
                    user: tester
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                current-context: dead
                users:
                - name: tester
                  user:
                    token: test-token
                """
                        .formatted(deadPort, url);
        Path file = tmp.resolve("kubeconfig");
        Files.writeString(file, yaml);
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String[] args(Path kubeconfig, String... more) {
        String[] base = {
            "--kubeconfig",
            kubeconfig.toString(),
            "--bootstrap",
            "127.0.0.1:" + 1,
            "--metrics-host",
            "127.0.0.1",
            "--metrics-port",
            "0",
            "--spool-dir",
            tmp.resolve("spool").toString()
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void unreachableApiServerExitsWithOneLineOnStderr() throws Exception {
        int dead = freePort();
        long t0 = System.nanoTime();
        int code = commandLine(new CollectKubernetesCommand()).execute(args(kubeconfig("", dead)));
        assertThat(code).isEqualTo(CollectKubernetesCommand.EXIT_API_UNAVAILABLE);
        assertThat(err.toString())
                .startsWith(
                        "error: cannot reach the Kubernetes API server at http://127.0.0.1:" + dead)
                .hasLineCount(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        assertThat(commandLine(new CollectKubernetesCommand()).execute("--usage-interval", "soon"))
                .isEqualTo(2);
        err.getBuffer().setLength(0);
        int code =
                commandLine(new CollectKubernetesCommand())
                        .execute("--kubeconfig", tmp.resolve("missing").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: cannot read kubeconfig file").hasLineCount(1);
    }

    @Test
    void watchesTheChosenContextAndServesSelfMetricsUntilStopped() throws Exception {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.deployment("vllm-llama", 2);
            String url = "http://127.0.0.1:" + cluster.server.getPort();
            CollectKubernetesCommand command = new CollectKubernetesCommand();
            CommandLine cli = commandLine(command);
            String[] args =
                    args(
                            kubeconfig(url, freePort()),
                            "--context",
                            "mock",
                            "--namespace",
                            MockCluster.NS,
                            "--usage-interval",
                            "0");
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cli.execute(args));
            int port = metricsPort(run);
            assertThat(out.toString()).contains("watching " + MockCluster.NS + " at " + url);
            HttpClient http = HttpClient.newHttpClient();
            String metrics = get(http, port, "/metrics");
            assertThat(metrics)
                    .contains(
                            "inferscope_k8s_records_total{collector=\"kubernetes\",kind=\"deployment\"} 1")
                    .contains("inferscope_k8s_watched_objects")
                    .contains("inferscope_collector_records_published_total");
            assertThat(get(http, port, "/healthz")).contains("\"kubernetes\":\"watching\"");
            command.stop();
            assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(err.toString()).isEmpty();
        }
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Waits for the start line and reads the self-metrics port from it. */
    private int metricsPort(CompletableFuture<Integer> run) throws Exception {
        Pattern p = Pattern.compile("metrics on :(\\d+)/metrics");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(run).as("exited early: %s", err).isNotDone();
            Thread.sleep(20);
        }
        throw new AssertionError("no start line; stdout: " + out + " stderr: " + err);
    }

    @Test
    void producerIsSizedForACollectorUnlessTheKafkaConfigSaysOtherwise() throws Exception {
        CollectKubernetesCommand command = new CollectKubernetesCommand();
        commandLine(command).parseArgs("--bootstrap", "127.0.0.1:1");
        java.util.Properties p = command.publisherConfig().producerProperties();
        assertThat(p.getProperty("batch.size")).isEqualTo("16384");
        assertThat(p.getProperty("buffer.memory")).isEqualTo(Long.toString(4L << 20));
        assertThat(command.publisherConfig().inFlightMaxBytes()).isEqualTo(1L << 20);
        assertThat(p.getProperty("metric.reporters")).isEmpty();
        assertThat(p.getProperty("linger.ms")).isEqualTo("500");
        assertThat(p.getProperty("compression.type")).isEqualTo("lz4");
        assertThat(p.getProperty("enable.idempotence")).isEqualTo("true");
        assertThat(p.getProperty("max.in.flight.requests.per.connection")).isEqualTo("1");

        Path file = tmp.resolve("kafka.properties");
        java.nio.file.Files.writeString(file, "batch.size=32768\n");
        CollectKubernetesCommand withFile = new CollectKubernetesCommand();
        commandLine(withFile).parseArgs("--kafka-config", file.toString());
        assertThat(withFile.publisherConfig().producerProperties().getProperty("batch.size"))
                .isEqualTo("32768");
    }
}
