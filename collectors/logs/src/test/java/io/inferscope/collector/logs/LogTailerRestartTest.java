package io.inferscope.collector.logs;

import static io.inferscope.collector.logs.LogFiles.append;
import static io.inferscope.collector.logs.LogFiles.cri;
import static io.inferscope.collector.logs.LogFiles.criLines;
import static io.inferscope.collector.logs.LogFiles.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpointed offsets: a restart resumes exactly where the last run stopped. */
class LogTailerRestartTest {
    @TempDir Path root;
    @TempDir Path state;

    private final CollectingSink sink = new CollectingSink();
    private final LogsMetrics metrics = new LogsMetrics();

    private Path checkpoint() {
        return state.resolve("checkpoint.json");
    }

    /** One run of the collector: a few polls, the checkpoint written at stop. */
    private void run(Runnable whileRunning) {
        try (LogTailer t = Tailers.cri(root, checkpoint(), sink, b -> {}, metrics)) {
            t.pollOnce();
            whileRunning.run();
            t.pollOnce();
            assertThat(t.saveCheckpoint()).isTrue();
        }
    }

    @Test
    void restartsResumeWithNoLossAndNoDuplicate() {
        Path a = LogFiles.criFile(root, "prod", "a-0", "app");
        Path b = LogFiles.criFile(root, "prod", "b-0", "app");
        append(a, criLines(0, 100));
        run(() -> append(a, criLines(100, 50)));
        append(a, criLines(150, 25)); // written while stopped
        append(b, criLines(1000, 10));
        run(() -> append(b, criLines(1010, 5)));
        run(() -> {});
        append(a, criLines(175, 1));
        run(() -> {});

        assertThat(sink.records)
                .filteredOn(r -> r.key().equals("prod/a-0/app"))
                .extracting(r -> r.line().message())
                .containsExactlyElementsOf(names(0, 176));
        assertThat(sink.records)
                .filteredOn(r -> r.key().equals("prod/b-0/app"))
                .extracting(r -> r.line().message())
                .containsExactlyElementsOf(names(1000, 15));
        assertThat(sink.records).hasSize(191);
    }

    @Test
    void aPartialLineCutByARestartIsJoinedOnceAndLinesAfterItAreNotRepeated() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, cri(0, "stdout", "P", "first half "));
        append(log, cri(1, "stderr", "F", "err-1")); // another stream, complete, handed over
        run(() -> {});
        assertThat(sink.messages()).containsExactly("err-1");

        append(log, cri(2, "stdout", "F", "second half"));
        append(log, cri(3, "stderr", "F", "err-2"));
        run(() -> {});

        assertThat(sink.messages()).containsExactly("err-1", "first half second half", "err-2");
    }

    @Test
    void linesThePublisherRefusedAreOfferedAgainAndNeverCheckpointedAsDone() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, criLines(0, 20));
        sink.capacity = 7;
        run(() -> {});
        assertThat(sink.records).hasSize(7);
        assertThat(metrics.refusals()).isPositive();

        sink.capacity = Integer.MAX_VALUE; // the queue drained; the collector was restarted
        run(() -> {});
        assertThat(sink.messages()).containsExactlyElementsOf(names(0, 20));
    }

    @Test
    void aRefusedLineIsOfferedAgainOnTheNextPollBeforeAnythingElse() {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, criLines(0, 5));
        try (LogTailer t = Tailers.cri(root, null, sink, b -> {}, metrics)) {
            sink.capacity = 2;
            t.pollOnce();
            t.pollOnce();
            sink.capacity = Integer.MAX_VALUE;
            append(log, criLines(5, 1));
            t.pollOnce();
        }
        assertThat(sink.messages()).containsExactlyElementsOf(names(0, 6));
    }

    @Test
    void aFileRotatedWhileStoppedIsFinishedFromItsOldOffsetThenTheNewOneIsRead()
            throws IOException {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, criLines(0, 10));
        run(() -> {});
        append(log, criLines(10, 5));
        Files.move(log, log.resolveSibling("0.log.20251129-101542"));
        append(log, criLines(15, 5));
        try (LogTailer t = Tailers.cri(root, checkpoint(), sink, b -> {}, metrics)) {
            t.pollOnce();
        }
        assertThat(sink.messages()).containsExactlyElementsOf(names(0, 20));
    }

    @Test
    void aFileRewrittenWhileStoppedIsReadFromItsStart() throws IOException {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, criLines(0, 10));
        run(() -> {});
        Files.delete(log);
        append(log, criLines(100, 12)); // may reuse the inode; the first bytes differ
        run(() -> {});
        List<String> expected = new ArrayList<>(names(0, 10));
        expected.addAll(names(100, 12));
        assertThat(sink.messages()).containsExactlyElementsOf(expected);
    }

    @Test
    void theCheckpointIsOneJsonFileReplacedWholeWithNoTemporaryFilesLeft() throws IOException {
        Path log = LogFiles.criFile(root, "prod", "a-0", "app");
        append(log, criLines(0, 3));
        run(() -> {});
        long size = Files.size(log);

        var json = new ObjectMapper().readTree(checkpoint().toFile());
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("files")).hasSize(1);
        assertThat(json.get("files").get(0).get("path").asText()).isEqualTo(log.toString());
        assertThat(json.get("files").get(0).get("resume").asLong()).isEqualTo(size);
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files).containsExactly(checkpoint());
        }
    }
}
