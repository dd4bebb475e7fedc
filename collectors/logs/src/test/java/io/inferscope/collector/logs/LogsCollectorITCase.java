package io.inferscope.collector.logs;

import static io.inferscope.collector.logs.LogFiles.append;
import static io.inferscope.collector.logs.LogFiles.cri;
import static io.inferscope.collector.logs.LogFiles.criLines;
import static io.inferscope.collector.logs.LogFiles.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Log files through the real collector and publisher to a real broker, read back from the topic.
 */
class LogsCollectorITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path tmp;

    /** Lines of one cluster label, in topic order per key, with their keys. */
    private record Keyed(String key, LogLine line) {}

    private static List<Keyed> linesOf(String cluster) throws DecodeException {
        List<Keyed> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> c : KAFKA.readAll(Topics.RAW_LOGS.name(), WAIT)) {
            LogLine l = Topics.RAW_LOGS.codec().decode(c.value());
            if (cluster.equals(l.labels().cluster())) {
                out.add(new Keyed(new String(c.key(), StandardCharsets.UTF_8), l));
            }
        }
        return out;
    }

    private static List<String> messagesOf(List<Keyed> lines, String key) {
        return lines.stream()
                .filter(k -> k.key().equals(key))
                .map(k -> k.line().message())
                .toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void linesReachTheRawLogsTopicExactlyOnceKeyedByContainerAcrossRotationAndRestart()
            throws Exception {
        Path root = tmp.resolve("pods");
        Path api = LogFiles.criFile(root, "prod", "api-7d9f8b6c5d-x2x4z", "server");
        Path db = LogFiles.criFile(root, "prod", "db-0", "postgres");
        append(api, criLines(0, 50));
        append(api, cri(50, "stderr", "P", "{\"level\":\"error\",\"msg\":\"upstream "));
        append(api, cri(51, "stderr", "F", "timeout\",\"request_id\":\"req-7\"}"));
        append(db, criLines(1000, 20));
        PublisherConfig pc =
                PublisherConfig.builder(KAFKA.bootstrapServers())
                        .clientId("logs-it")
                        .spoolDir(tmp.resolve("spool"))
                        .build();
        LogsCollectorConfig config =
                LogsCollectorConfig.builder()
                        .source(LogSource.cri(root, LogSource.DEFAULT_CRI_GLOB))
                        .checkpointFile(tmp.resolve("checkpoint.json"))
                        .pollInterval(Duration.ofMillis(20))
                        .labels("it-exact", "node-it")
                        .build();
        try (Publisher publisher = Publisher.start(pc)) {
            LogsCollector first = LogsCollector.start(config, publisher);
            await(() -> first.metrics().linesPublished() == 71);
            Files.move(api, api.resolveSibling("0.log.20251129-101542"));
            append(api, criLines(100, 10));
            await(() -> first.metrics().linesPublished() == 81);
            first.close();
            append(db, criLines(1020, 5)); // while stopped

            LogsCollector second = LogsCollector.start(config, publisher);
            await(() -> second.metrics().linesPublished() == 5);
            second.close();
            assertThat(publisher.flush(WAIT)).isTrue();
        }

        List<Keyed> lines = linesOf("it-exact");
        List<String> apiExpected = new ArrayList<>(names(0, 50));
        apiExpected.add("upstream timeout");
        apiExpected.addAll(names(100, 10));
        assertThat(messagesOf(lines, "prod/api-7d9f8b6c5d-x2x4z/server"))
                .containsExactlyElementsOf(apiExpected);
        assertThat(messagesOf(lines, "prod/db-0/postgres"))
                .containsExactlyElementsOf(names(1000, 25));
        assertThat(lines).hasSize(86);
        LogLine error =
                lines.stream()
                        .filter(k -> "req-7".equals(k.line().requestId()))
                        .findFirst()
                        .orElseThrow()
                        .line();
        assertThat(error.level()).isEqualTo(LogLine.Level.ERROR);
        assertThat(error.stream()).isEqualTo(LogLine.Stream.STDERR);
        assertThat(error.labels().deployment()).isEqualTo("api");
        assertThat(error.labels().node()).isEqualTo("node-it");
        assertThat(error.tsMs()).isEqualTo(LogFiles.T0_MS + 50);
    }

    @Test
    void collectLogsCommandPublishesUntilStoppedAndServesItsMetrics() throws Exception {
        Path root = tmp.resolve("pods");
        Path log = LogFiles.criFile(root, "demo", "sim-0", "model");
        append(log, criLines(0, 12));
        CollectLogsCommand command = new CollectLogsCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli =
                new CommandLine(command)
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () ->
                                cli.execute(
                                        "--root",
                                        root.toString(),
                                        "--checkpoint",
                                        tmp.resolve("cp.json").toString(),
                                        "--poll-interval",
                                        "50ms",
                                        "--cluster",
                                        "it-cli",
                                        "--bootstrap",
                                        KAFKA.bootstrapServers(),
                                        "--metrics-host",
                                        "127.0.0.1",
                                        "--metrics-port",
                                        "0",
                                        "--spool-dir",
                                        tmp.resolve("cli-spool").toString()));
        int port = metricsPort(out, exit);

        List<Keyed> seen = List.of();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (seen.size() < 12 && System.nanoTime() < deadline) {
            seen = linesOf("it-cli");
        }
        String metrics =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        command.stop();

        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(seen).extracting(Keyed::key).containsOnly("demo/sim-0/model");
        assertThat(seen)
                .extracting(k -> k.line().message())
                .containsExactlyElementsOf(names(0, 12));
        assertThat(metrics)
                .contains("inferscope_logs_lines_published_total{collector=\"logs\"} 12")
                .contains("inferscope_logs_files_open{collector=\"logs\"} 1")
                .contains("inferscope_collector_records_sent_total");
        assertThat(tmp.resolve("cp.json")).exists();
    }

    private static int metricsPort(StringWriter out, CompletableFuture<Integer> exit)
            throws Exception {
        Pattern p = Pattern.compile("metrics on :(\\d+)/metrics");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !exit.isDone()) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no start-up line; exit " + exit.getNow(null) + ": " + out);
    }
}
