package io.inferscope.collector.logs;

import static io.inferscope.collector.logs.LogFiles.T0_MS;
import static io.inferscope.collector.logs.LogFiles.append;
import static io.inferscope.collector.logs.LogFiles.cri;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogLine.Level;
import io.inferscope.schemas.LogLine.Stream;
import io.inferscope.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one line becomes: partial joins, caps, bad bytes, malformed CRI, identity, plain files. */
class LogTailerLinesTest {
    @TempDir Path root;

    private final CollectingSink sink = new CollectingSink();
    private final LogsMetrics metrics = new LogsMetrics();

    private List<LogLine> pollCri(int maxLineBytes) {
        try (LogTailer t =
                Tailers.cri(root, null, sink, b -> b.maxLineBytes(maxLineBytes), metrics)) {
            t.pollOnce();
        }
        return sink.lines();
    }

    @Test
    void partialLinesAreJoinedPerStreamUntilTheirFullLine() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, cri(0, "stdout", "P", "one "));
        append(log, cri(1, "stderr", "P", "ERROR two "));
        append(log, cri(2, "stdout", "P", "more "));
        append(log, cri(3, "stderr", "F", "done"));
        append(log, cri(4, "stdout", "F:x", "end"));
        append(log, cri(5, "stdout", "P", "never finished"));

        List<LogLine> lines = pollCri(16 * 1024);

        assertThat(lines)
                .extracting(LogLine::message)
                .containsExactly("ERROR two done", "one more end");
        assertThat(lines.get(0).stream()).isEqualTo(Stream.STDERR);
        assertThat(lines.get(0).level()).isEqualTo(Level.ERROR);
        assertThat(lines.get(0).tsMs()).isEqualTo(T0_MS + 1); // the first part's time
        assertThat(lines.get(1).tsMs()).isEqualTo(T0_MS);
    }

    @Test
    void aMultiByteCharacterSplitAcrossPartialLinesIsJoinedIntact() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((LogFiles.T0 + " stdout P price ").getBytes(StandardCharsets.UTF_8));
        b.write(euro, 0, 1);
        b.write('\n');
        b.writeBytes((LogFiles.T0 + " stdout F ").getBytes(StandardCharsets.UTF_8));
        b.write(euro, 1, 2);
        b.write('\n');
        append(log, b.toByteArray());

        assertThat(pollCri(16 * 1024)).extracting(LogLine::message).containsExactly("price €");
    }

    @Test
    void oversizedLinesAreCutAtTheCapOnACharacterBoundaryAndFlagged() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        String big = "x".repeat(99) + "é".repeat(200); // 499 bytes
        append(log, cri(0, "stdout", "F", big));
        append(log, cri(1, "stdout", "P", "y".repeat(80)));
        append(log, cri(2, "stdout", "P", "y".repeat(80)));
        append(log, cri(3, "stdout", "F", "y".repeat(80)));
        append(log, cri(4, "stdout", "F", "short"));

        List<LogLine> lines = pollCri(100);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).message()).isEqualTo("x".repeat(99)); // é would straddle byte 100
        assertThat(lines.get(0).truncated()).isTrue();
        assertThat(lines.get(1).message()).isEqualTo("y".repeat(100));
        assertThat(lines.get(1).truncated()).isTrue();
        assertThat(lines.get(2).message()).isEqualTo("short");
        assertThat(lines.get(2).truncated()).isNull();
        assertThat(metrics.truncatedLines()).isEqualTo(2);
    }

    @Test
    void invalidUtf8IsDecodedWithReplacementCharacters() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((LogFiles.T0 + " stdout F bad ").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xE2, (byte) 0x82});
        b.write('\n');
        append(log, b.toByteArray());
        append(log, cri(1, "stdout", "F", "after"));

        List<LogLine> lines = pollCri(16 * 1024);

        assertThat(lines)
                .extracting(LogLine::message)
                .containsExactly("bad \uFFFD(\uFFFD\uFFFD", "after");
        // and it still encodes to valid JSON for the topic
        assertThat(new String(Topics.RAW_LOGS.codec().encode(lines.get(0)), StandardCharsets.UTF_8))
                .contains("bad \uFFFD(");
    }

    @Test
    void malformedCriLinesAreCountedAndPublishedAsReadWithoutStoppingTheFile() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, "not a cri line at all\n");
        append(log, "2025-13-45T99:00:00Z stdout F bad timestamp\n");
        append(log, LogFiles.T0 + " stdfoo F bad stream\n");
        append(log, LogFiles.T0 + " stdout X bad tag\n");
        append(log, "\n");
        append(log, cri(9, "stdout", "F", "good"));

        List<LogLine> lines = pollCri(16 * 1024);

        assertThat(metrics.malformedLines()).isEqualTo(5);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0).message()).isEqualTo("not a cri line at all");
        assertThat(lines.get(0).tsMs()).isEqualTo(Tailers.NOW.toEpochMilli());
        assertThat(lines.get(0).stream()).isNull();
        assertThat(lines.get(5).message()).isEqualTo("good");
        assertThat(lines.get(5).tsMs()).isEqualTo(T0_MS + 9);
    }

    @Test
    void identityComesFromThePathAndTheDeploymentFromThePodName() {
        append(
                LogFiles.criFile(root, "prod", "vllm-7d9f8b6c5d-x2x4z", "server"),
                cri(0, "stdout", "F", "a"));
        append(LogFiles.criFile(root, "prod", "redis-0", "redis"), cri(0, "stdout", "F", "b"));

        pollCri(16 * 1024);

        assertThat(sink.records)
                .extracting(CollectingSink.Keyed::key)
                .containsExactlyInAnyOrder(
                        "prod/vllm-7d9f8b6c5d-x2x4z/server", "prod/redis-0/redis");
        LogLine vllm =
                sink.records.stream()
                        .filter(r -> r.key().contains("vllm"))
                        .findFirst()
                        .orElseThrow()
                        .line();
        assertThat(vllm.labels())
                .isEqualTo(
                        new Labels(
                                "test-cluster",
                                "prod",
                                "vllm",
                                null,
                                "vllm-7d9f8b6c5d-x2x4z",
                                "node-1"));
        assertThat(vllm.container()).isEqualTo("server");
        LogLine redis =
                sink.records.stream()
                        .filter(r -> r.key().contains("redis"))
                        .findFirst()
                        .orElseThrow()
                        .line();
        assertThat(redis.labels().deployment()).isNull();
    }

    @Test
    void plainFilesCarryTheirConfiguredIdentityAndTheReadTime() {
        Path file = root.resolve("server.log");
        append(
                file,
                "INFO started\r\n{\"level\":\"error\",\"msg\":\"boom\",\"request_id\":\"r-1\"}\nno newline yet");
        LogsCollectorConfig config =
                LogsCollectorConfig.builder()
                        .source(
                                LogSource.plainFile(
                                        file, SourceIdentity.parse("lab/gw-0/gateway/gateway")))
                        .build();
        try (LogTailer t = Tailers.of(config, sink, metrics)) {
            t.pollOnce();
            assertThat(sink.messages()).containsExactly("INFO started", "boom");
            append(file, " - now complete\n");
            t.pollOnce();
        }
        assertThat(sink.messages())
                .containsExactly("INFO started", "boom", "no newline yet - now complete");
        assertThat(sink.records)
                .extracting(CollectingSink.Keyed::key)
                .containsOnly("lab/gw-0/gateway");
        LogLine boom = sink.lines().get(1);
        assertThat(boom.level()).isEqualTo(Level.ERROR);
        assertThat(boom.requestId()).isEqualTo("r-1");
        assertThat(boom.labels().deployment()).isEqualTo("gateway");
        assertThat(boom.tsMs()).isEqualTo(Tailers.NOW.toEpochMilli());
    }

    @Test
    void stderrAloneDoesNotMakeALineAnError() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, cri(0, "stderr", "F", "Loading weights took 12.3 s"));
        append(
                log,
                cri(1, "stderr", "F", "ERROR 11-29 10:15:42 [engine.py:42] CUDA out of memory"));

        assertThat(pollCri(16 * 1024))
                .extracting(LogLine::level)
                .containsExactly(Level.UNKNOWN, Level.ERROR);
    }
}
