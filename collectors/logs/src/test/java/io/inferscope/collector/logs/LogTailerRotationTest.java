package io.inferscope.collector.logs;

import static io.inferscope.collector.logs.LogFiles.append;
import static io.inferscope.collector.logs.LogFiles.criLines;
import static io.inferscope.collector.logs.LogFiles.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation by rename and by copytruncate, and files vanishing, with exact line accounting. */
class LogTailerRotationTest {
    @TempDir Path root;

    private final CollectingSink sink = new CollectingSink();
    private final LogsMetrics metrics = new LogsMetrics();

    private LogTailer tailer() {
        return Tailers.cri(root, null, sink, b -> {}, metrics);
    }

    @Test
    void renameRotationReadsTheOldFileToItsEndThenTheNewOneWithoutLossOrRepeat()
            throws IOException {
        Path log = LogFiles.criFile(root, "prod", "vllm-7d9f8b6c5d-x2x4z", "server");
        append(log, criLines(0, 5));
        try (LogTailer t = tailer()) {
            assertThat(t.pollOnce()).isEqualTo(5);

            // The runtime is still writing to the old inode when the kubelet renames it...
            append(log, criLines(5, 2));
            Path rotated = log.resolveSibling("0.log.20251129-101542");
            Files.move(log, rotated);
            append(log, criLines(10, 3)); // ...then the new file
            append(rotated, criLines(7, 3)); // late writes to the old inode

            t.pollOnce();
            append(log, criLines(13, 2));
            for (int i = 0; i < LogTailer.ORPHAN_IDLE_POLLS + 1; i++) {
                t.pollOnce();
            }
            assertThat(t.followedPaths()).containsExactly(log); // the old generation was closed
        }
        assertThat(sink.messages()).containsExactlyElementsOf(names(0, 15));
        assertThat(metrics.renamedFiles()).isEqualTo(1);
    }

    @Test
    void copyTruncateStartsAgainAtTheBeginning() throws IOException {
        Path log = LogFiles.criFile(root, "prod", "api-0", "app");
        append(log, criLines(0, 10));
        try (LogTailer t = tailer()) {
            t.pollOnce();
            Files.copy(log, log.resolveSibling("0.log.1"));
            truncate(log);
            append(log, criLines(10, 3)); // shorter than what was read
            t.pollOnce();
            append(log, criLines(13, 1));
            t.pollOnce();
        }
        assertThat(sink.messages()).containsExactlyElementsOf(names(0, 14));
        assertThat(metrics.truncatedFiles()).isEqualTo(1);
    }

    @Test
    void truncatedAndRefilledPastTheOldOffsetIsStillSeenAsRewritten() throws IOException {
        Path log = LogFiles.criFile(root, "prod", "api-0", "app");
        append(log, criLines(0, 3));
        try (LogTailer t = tailer()) {
            t.pollOnce();
            truncate(log);
            append(log, criLines(100, 8)); // longer than before: the size alone cannot tell
            t.pollOnce();
        }
        List<String> expected = new ArrayList<>(names(0, 3));
        expected.addAll(names(100, 8));
        assertThat(sink.messages()).containsExactlyElementsOf(expected);
        assertThat(metrics.truncatedFiles()).isEqualTo(1);
    }

    @Test
    void fileDeletedWhileBeingReadIsReadToItsEndAndTheOthersGoOn() throws IOException {
        Path a = LogFiles.criFile(root, "prod", "a-0", "app");
        Path b = LogFiles.criFile(root, "prod", "b-0", "app");
        append(a, criLines(0, 3));
        append(b, criLines(100, 3));
        try (LogTailer t = tailer()) {
            t.pollOnce();
            append(a, criLines(3, 2));
            Files.delete(a); // the pod is gone; its runtime may still hold the file
            Files.delete(a.getParent());
            append(b, criLines(103, 2));
            t.pollOnce();
            for (int i = 0; i < LogTailer.ORPHAN_IDLE_POLLS; i++) {
                t.pollOnce();
            }
            assertThat(t.followedPaths()).containsExactly(b);
            append(b, criLines(105, 1));
            t.pollOnce();
        }
        assertThat(sink.records)
                .filteredOn(r -> r.key().equals("prod/a-0/app"))
                .extracting(r -> r.line().message())
                .containsExactlyElementsOf(names(0, 5));
        assertThat(sink.records)
                .filteredOn(r -> r.key().equals("prod/b-0/app"))
                .extracting(r -> r.line().message())
                .containsExactlyElementsOf(names(100, 6));
        assertThat(metrics.readErrors()).isZero();
    }

    @Test
    void newFilesAreFollowedAsTheyAppear() throws IOException {
        try (LogTailer t = tailer()) {
            assertThat(t.pollOnce()).isZero();
            Path log = LogFiles.criFile(root, "prod", "late-0", "app");
            append(log, criLines(0, 2));
            Path restarted = log.resolveSibling("1.log"); // container restart count 1
            append(restarted, criLines(2, 1));
            assertThat(t.pollOnce()).isEqualTo(3);
        }
        assertThat(sink.messages()).containsExactlyElementsOf(names(0, 3));
    }

    private static void truncate(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
        }
    }
}
