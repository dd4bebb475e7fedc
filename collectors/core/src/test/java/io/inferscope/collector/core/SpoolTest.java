package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final long MAX = 1 << 20;
    private static final long SEGMENT = 4096;

    @TempDir Path dir;
    private final AtomicInteger corrupt = new AtomicInteger();

    private Spool open() throws IOException {
        return open(MAX);
    }

    private Spool open(long max) throws IOException {
        return Spool.open(dir, max, SEGMENT, Duration.ofSeconds(1), corrupt::incrementAndGet);
    }

    private static Envelope record(int i) {
        String key = i % 3 == 0 ? null : "key-" + (i % 7);
        return new Envelope(
                "topic-" + (i % 2),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> readAll(Spool spool) throws IOException {
        List<String> out = new ArrayList<>();
        Spool.Entry e;
        while ((e = spool.next()) != null) {
            out.add(describe(e.envelope()));
        }
        return out;
    }

    private static String describe(Envelope e) {
        return e.topic()
                + "|"
                + (e.key() == null ? "null" : new String(e.key(), StandardCharsets.UTF_8))
                + "|"
                + new String(e.value(), StandardCharsets.UTF_8);
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(describe(record(i)));
        }
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".spool")).sorted().toList();
        }
    }

    @Test
    void readsBackEveryFrameInAppendOrderAcrossRolledSegments() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 500; i++) {
                assertThat(spool.append(record(i))).isTrue();
            }
            assertThat(spool.segmentCount()).isGreaterThan(5);
            assertThat(readAll(spool)).isEqualTo(expected(0, 500));
            assertThat(spool.caughtUp()).isTrue();
        }
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void readerFollowsTheTailWhileItIsWritten() throws IOException {
        try (Spool spool = open()) {
            List<String> read = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                spool.append(record(i));
                if (i % 7 == 0) {
                    read.addAll(readAll(spool));
                    assertThat(spool.caughtUp()).isTrue();
                }
            }
            read.addAll(readAll(spool));
            assertThat(read).isEqualTo(expected(0, 300));
        }
    }

    @Test
    void refusesAppendsBeyondTheByteCapAndNeverExceedsIt() throws IOException {
        long cap = 3 * SEGMENT;
        try (Spool spool = open(cap)) {
            int accepted = 0;
            for (int i = 0; i < 1000; i++) {
                if (spool.append(record(i))) {
                    accepted++;
                }
                assertThat(spool.bytes()).isLessThanOrEqualTo(cap);
            }
            assertThat(accepted).isGreaterThan(10).isLessThan(1000);
            spool.flush(System.nanoTime());
            long onDisk = 0;
            for (Path p : segmentFiles()) {
                onDisk += Files.size(p);
            }
            assertThat(onDisk).isEqualTo(spool.bytes()).isLessThanOrEqualTo(cap);
            assertThat(readAll(spool)).hasSize(accepted);
        }
    }

    @Test
    void releaseDeletesOnlySegmentsBeforeTheAcknowledgedPosition() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 200; i++) {
                spool.append(record(i));
            }
            int before = spool.segmentCount();
            Spool.Entry e = null;
            for (int i = 0; i < 120; i++) {
                e = spool.next();
            }
            spool.releaseBefore(e.position().segment());
            assertThat(spool.segmentCount()).isLessThan(before).isGreaterThan(0);
            assertThat(segmentFiles()).hasSize(spool.segmentCount());
            assertThat(readAll(spool)).isEqualTo(expected(120, 200));
        }
    }

    @Test
    void reopenedSpoolReplaysWhatAnEarlierRunLeft() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 250; i++) {
                spool.append(record(i));
            }
        }
        try (Spool spool = open()) {
            assertThat(spool.recoveredRecords()).isEqualTo(250);
            assertThat(readAll(spool)).isEqualTo(expected(0, 250));
            spool.append(record(250));
            assertThat(readAll(spool)).isEqualTo(expected(250, 251));
        }
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void tornLastFrameAfterACrashIsSkippedAndCountedNotFatal() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 50; i++) {
                spool.append(record(i));
            }
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        long goodSize = Files.size(last);
        // A crash in the middle of a frame: its length says 200 bytes, only 11 made it to disk.
        byte[] torn = {0, 0, 0, (byte) 200, 1, 2, 3, 4, 'a', 'b', 'c'};
        Files.write(last, torn, StandardOpenOption.APPEND);

        try (Spool spool = open()) {
            assertThat(corrupt).hasValue(1);
            assertThat(spool.recoveredRecords()).isEqualTo(50);
            assertThat(Files.size(last)).isEqualTo(goodSize);
            assertThat(readAll(spool)).isEqualTo(expected(0, 50));
        }
    }

    @Test
    void frameWithBadChecksumEndsTheReadablePartOfItsSegment() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 10; i++) {
                spool.append(record(i));
            }
        }
        Path only = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(only);
        bytes[bytes.length - 3] ^= 0x55; // inside the last frame's value
        Files.write(only, bytes);

        try (Spool spool = open()) {
            assertThat(corrupt).hasValue(1);
            assertThat(readAll(spool)).isEqualTo(expected(0, 9));
        }
    }

    @Test
    void frameDamagedWhileInUseIsReportedOnceAndSkippedAlsoAfterARewind() throws IOException {
        List<int[]> lost = new ArrayList<>();
        try (Spool spool = open()) {
            spool.lossListener(
                    (segment, from, to) -> lost.add(new int[] {(int) segment, from, to}));
            for (int i = 0; i < 200; i++) {
                spool.append(record(i));
            }
            Spool.Entry first = spool.next();
            // Damage the 6th frame of the second segment (the first is being read): flip a byte
            // of its value, as a failing disk or a careless person would.
            Path second = segmentFiles().get(1);
            Spool.Position damaged = positionOfFrame(second, 5);
            try (FileChannel ch = FileChannel.open(second, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {'#'}), damaged.offset() + 20);
            }
            int secondId = segmentId(second);
            int inSecond = framesIn(second);

            List<String> read = readAll(spool);
            assertThat(lost).hasSize(1);
            assertThat(lost.get(0)).containsExactly(secondId, 5, inSecond);
            int firstSegmentFrames = framesIn(segmentFiles().get(0));
            List<String> expected = new ArrayList<>(expected(1, firstSegmentFrames + 5));
            expected.addAll(expected(firstSegmentFrames + inSecond, 200));
            assertThat(read).isEqualTo(expected);

            spool.rewind(first.position());
            assertThat(readAll(spool)).hasSize(expected.size() + 1);
            assertThat(lost).as("reported once").hasSize(1);
            assertThat(corrupt).as("open-time counter untouched").hasValue(0);
        }
    }

    /** Where frame {@code index} of a segment file starts, walking the length prefixes. */
    private static Spool.Position positionOfFrame(Path segment, int index) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        int at = SpoolFormat.HEADER_BYTES;
        for (int i = 0; i < index; i++) {
            at += SpoolFormat.FRAME_OVERHEAD + b.getInt(at);
        }
        return new Spool.Position(segmentId(segment), at, index);
    }

    private static int framesIn(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        int n = 0;
        for (int at = SpoolFormat.HEADER_BYTES; at < b.limit(); n++) {
            at += SpoolFormat.FRAME_OVERHEAD + b.getInt(at);
        }
        return n;
    }

    private static int segmentId(Path segment) {
        String name = segment.getFileName().toString();
        return Integer.parseInt(name.substring("segment-".length(), name.indexOf('.')));
    }

    @Test
    void garbageFileWithoutAHeaderIsDeletedAndCounted() throws IOException {
        Files.writeString(dir.resolve(String.format("segment-%020d.spool", 3)), "not a spool");
        try (Spool spool = open()) {
            assertThat(corrupt).hasValue(1);
            assertThat(spool.isEmpty()).isTrue();
            assertThat(segmentFiles()).isEmpty();
        }
    }

    @Test
    void rescueSegmentIsReplayedBeforeRecordsSpooledAfterIt() throws IOException {
        try (Spool spool = open()) {
            spool.reserveRescue();
            spool.append(record(10));
            spool.append(record(11));
            spool.appendRescue(record(1));
            spool.appendRescue(record(2));
            assertThat(spool.caughtUp()).isFalse();
            spool.closeRescue();
            assertThat(readAll(spool))
                    .containsExactly(
                            describe(record(1)),
                            describe(record(2)),
                            describe(record(10)),
                            describe(record(11)));
        }
    }

    @Test
    void rewindReadsAgainFromTheGivenPosition() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 100; i++) {
                spool.append(record(i));
            }
            Spool.Position fortieth = null;
            for (int i = 0; i < 70; i++) {
                Spool.Entry e = spool.next();
                if (i == 40) {
                    fortieth = e.position();
                }
            }
            spool.rewind(fortieth);
            assertThat(readAll(spool)).isEqualTo(expected(40, 100));
        }
    }

    @Test
    void clearDeletesEverySegment() throws IOException {
        try (Spool spool = open()) {
            for (int i = 0; i < 100; i++) {
                spool.append(record(i));
            }
            readAll(spool);
            spool.clear();
            assertThat(spool.bytes()).isZero();
            assertThat(spool.segmentCount()).isZero();
            assertThat(segmentFiles()).isEmpty();
            spool.append(record(7));
            assertThat(readAll(spool)).containsExactly(describe(record(7)));
        }
    }

    @Test
    void secondSpoolOnTheSameDirectoryIsRefused() throws IOException {
        try (Spool held = open()) {
            assertThat(held.isEmpty()).isTrue();
            assertThatThrownBy(this::open)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
        }
        try (Spool again = open()) {
            assertThat(again.isEmpty()).isTrue();
        }
    }

    @Test
    void frameLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        try (Spool spool = open()) {
            Envelope big = new Envelope("t", null, new byte[3 * (int) SEGMENT]);
            spool.append(record(1));
            assertThat(spool.append(big)).isTrue();
            spool.append(record(2));
            List<Envelope> read = new ArrayList<>();
            Spool.Entry e;
            while ((e = spool.next()) != null) {
                read.add(e.envelope());
            }
            assertThat(read).hasSize(3);
            assertThat(read.get(1).value()).hasSize(3 * (int) SEGMENT);
        }
    }
}
