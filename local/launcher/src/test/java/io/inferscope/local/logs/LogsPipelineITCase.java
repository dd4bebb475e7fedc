package io.inferscope.local.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.collector.logs.DeploymentResolver;
import io.inferscope.collector.logs.LogSource;
import io.inferscope.collector.logs.LogsCollector;
import io.inferscope.collector.logs.LogsCollectorConfig;
import io.inferscope.logsearch.LogHit;
import io.inferscope.logsearch.LogPage;
import io.inferscope.logsearch.LogQuery;
import io.inferscope.logsearch.LogStore;
import io.inferscope.logsearch.LogStoreConfig;
import io.inferscope.schemas.LogLine;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole log path with real parts: CRI files on disk → the logs collector → the publisher → a
 * real broker → the log store's indexer → a query. The lines come back with their pod, level and
 * request id, newest first, and a redacted secret never reaches the index.
 */
class LogsPipelineITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void linesWrittenToPodLogFilesAreFoundBySearch() throws Exception {
        Path pods = dir.resolve("pods");
        long now = System.currentTimeMillis();
        Path a = pods.resolve("prod_chat-7d9f8b6c5d-x2x4z_uid-a/server/0.log");
        Path b = pods.resolve("prod_chat-7d9f8b6c5d-q8r7k_uid-b/server/0.log");
        cri(a, now - 3_000, "stdout", "INFO 11-29 08:00:00 engine started");
        cri(
                a,
                now - 2_000,
                "stdout",
                "{\"level\":\"error\",\"msg\":\"upstream timeout talking to tokenizer\","
                        + "\"request_id\":\"req-42\"}");
        cri(b, now - 1_000, "stderr", "ERROR 11-29 08:00:02 timeout waiting for KV cache blocks");
        cri(b, now - 500, "stdout", "INFO calling with Authorization: Bearer sk-secret-123456");

        try (Publisher publisher =
                        Publisher.start(
                                PublisherConfig.builder(KAFKA.bootstrapServers())
                                        .spoolDir(dir.resolve("spool"))
                                        .build());
                LogsCollector collector =
                        LogsCollector.start(
                                LogsCollectorConfig.builder()
                                        .source(LogSource.cri(pods, LogSource.DEFAULT_CRI_GLOB))
                                        .checkpointFile(dir.resolve("checkpoint.json"))
                                        .labels("test", "node-1")
                                        .deployments(DeploymentResolver.RULE)
                                        .fromStart(true)
                                        .build(),
                                publisher);
                LogStore store =
                        LogStore.start(
                                LogStoreConfig.builder(
                                                KAFKA.bootstrapServers(), dir.resolve("index"))
                                        .build())) {
            LogPage timeouts =
                    searchUntil(
                            store,
                            LogQuery.builder().text("timeout").since(now - 60_000).build(),
                            p -> p.hits().size() == 2);
            assertThat(timeouts.hits())
                    .extracting(LogHit::message)
                    .containsExactly(
                            "ERROR 11-29 08:00:02 timeout waiting for KV cache blocks",
                            "upstream timeout talking to tokenizer");
            LogHit json = timeouts.hits().get(1);
            assertThat(json.level()).isEqualTo(LogLine.Level.ERROR);
            assertThat(json.requestId()).isEqualTo("req-42");
            assertThat(json.labels().replica()).isEqualTo("chat-7d9f8b6c5d-x2x4z");
            assertThat(json.labels().namespace()).isEqualTo("prod");
            assertThat(json.labels().deployment()).isEqualTo("chat");
            assertThat(json.container()).isEqualTo("server");

            LogPage byRequest =
                    searchUntil(
                            store,
                            LogQuery.builder().requestId("req-42").build(),
                            p -> p.hits().size() == 1);
            assertThat(byRequest.hits().get(0).message()).contains("tokenizer");

            LogPage all =
                    searchUntil(
                            store,
                            LogQuery.builder().deployment("chat").since(now - 60_000).build(),
                            p -> p.hits().size() == 4);
            assertThat(all.hits())
                    .extracting(LogHit::message)
                    .noneMatch(m -> m.contains("sk-secret"));
            assertThat(store.search(LogQuery.builder().text("sk-secret-123456").build()).hits())
                    .isEmpty();
        }
    }

    private static LogPage searchUntil(LogStore store, LogQuery q, Predicate<LogPage> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        LogPage last = null;
        while (System.nanoTime() < deadline) {
            last = store.search(q);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("search " + q + " never matched; last answer " + last);
    }

    private static void cri(Path file, long tsMs, String stream, String message) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                Instant.ofEpochMilli(tsMs) + " " + stream + " F " + message + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
