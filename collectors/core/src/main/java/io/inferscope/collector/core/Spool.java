package io.inferscope.collector.core;

import io.inferscope.collector.core.SpoolFormat.CorruptFrameException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, append-only on-disk queue of envelopes: numbered segment files in one directory, read
 * oldest first. Records are appended at the tail; a reader cursor walks them for replay; a segment
 * is deleted only once the caller says every record in it was acknowledged ({@link
 * #releaseBefore}). The total size of all segments never exceeds {@code maxBytes}.
 *
 * <p>A <em>rescue</em> segment can be reserved ahead of the tail: records that were already handed
 * to Kafka before the spool started, and then failed, go there so that they are replayed before
 * anything spooled after them.
 *
 * <p>Durability: appends are buffered and handed to the OS on {@link #flush}; segments are fsynced
 * on roll, on close and at most every {@code syncInterval}. On open, existing segments are checked
 * frame by frame; a torn tail is truncated and counted, never fatal. A frame found damaged later,
 * while replaying, ends what can be read of its segment up to what was written so far: those frames
 * are reported once to the {@link LossListener} (the caller releases them) and skipped, also when
 * the reader is rewound over them again.
 *
 * <p>Only the publisher's I/O thread touches it, except the volatile gauges.
 */
final class Spool implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.spool");

    /**
     * One segment file: its size in bytes and its number of frames (logical: including unflushed
     * ones), and the stretches found damaged while replaying.
     */
    static final class Segment {
        private final long id;
        private final Path path;
        long size;
        int records;

        /** Damaged stretches by start offset: where reading resumes, and that frame's index. */
        private final TreeMap<Long, Position> holes = new TreeMap<>();

        Segment(long id, Path path, long size) {
            this.id = id;
            this.path = path;
            this.size = size;
        }

        long id() {
            return id;
        }

        Path path() {
            return path;
        }
    }

    /** Where a frame starts: segment id, byte offset, and index (0-based) in its segment. */
    record Position(long segment, long offset, int index) {}

    /** Told about frames that could not be read back, once per damaged stretch. */
    interface LossListener {
        /** Frames {@code fromIndex} (inclusive) to {@code toIndex} (exclusive) of a segment. */
        void lost(long segment, int fromIndex, int toIndex);
    }

    /** A frame read for replay. */
    record Entry(Position position, Envelope envelope) {}

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final long syncIntervalNanos;
    private final Runnable onCorrupt;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long nextId;
    private SegmentWriter writer;
    private long rescueId = -1;
    private SegmentWriter rescue;
    private long readSegment = -1;
    private long readOffset;
    private int readIndex;
    private SegmentReader reader;
    private LossListener lossListener = (segment, from, to) -> {};
    private long recoveredRecords;
    private long lastSyncNanos = System.nanoTime();
    private volatile long bytes;
    private volatile int segmentCount;

    private Spool(
            Path dir, long maxBytes, long segmentBytes, Duration syncInterval, Runnable onCorrupt)
            throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.syncIntervalNanos = syncInterval.toNanos();
        this.onCorrupt = onCorrupt;
        Files.createDirectories(dir);
        this.lockChannel =
                FileChannel.open(
                        dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            lockChannel.close();
            throw new IllegalStateException(
                    "spool directory is in use by another publisher: " + dir);
        }
        this.lock = acquired;
    }

    /**
     * Opens (creating if needed) and locks the spool directory, and recovers existing segments.
     *
     * @param onCorrupt called once per segment whose tail is torn or corrupt when it is opened (the
     *     records in it were never counted as accepted by this run); damage found later goes to the
     *     {@link #lossListener}
     */
    static Spool open(
            Path dir, long maxBytes, long segmentBytes, Duration syncInterval, Runnable onCorrupt)
            throws IOException {
        Spool spool = new Spool(dir, maxBytes, segmentBytes, syncInterval, onCorrupt);
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    private void recover() throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*.spool")) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        ids.sort(null);
        for (long id : ids) {
            recoverSegment(id, pathOf(id));
            nextId = id + 1;
        }
        updateGauges();
        if (recoveredRecords > 0) {
            LOG.info(
                    "Spool {}: {} records in {} segments to replay",
                    dir,
                    recoveredRecords,
                    segments.size());
        }
    }

    private void recoverSegment(long id, Path path) throws IOException {
        long fileSize = Files.size(path);
        long good = SpoolFormat.HEADER_BYTES;
        long count = 0;
        try (SegmentReader r = new SegmentReader(path, 0)) {
            r.readHeader();
            while (r.next(fileSize) != null) {
                count++;
                good = r.position();
            }
        } catch (CorruptFrameException e) {
            onCorrupt.run();
            LOG.warn(
                    "Spool segment {}: {}; keeping the {} readable records before it",
                    path.getFileName(),
                    e.getMessage(),
                    count);
            if (count > 0) {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    ch.truncate(good);
                    ch.force(false);
                }
            }
        }
        if (count == 0) {
            Files.deleteIfExists(path);
            return;
        }
        Segment segment = new Segment(id, path, good);
        segment.records = (int) count;
        segments.put(id, segment);
        recoveredRecords += count;
    }

    private Path pathOf(long id) {
        return dir.resolve(String.format("segment-%020d.spool", id));
    }

    /** Where frames damaged while the spool is in use are reported (replaces any earlier one). */
    void lossListener(LossListener listener) {
        this.lossListener = listener;
    }

    /** Records found on disk when the spool was opened. */
    long recoveredRecords() {
        return recoveredRecords;
    }

    long bytes() {
        return bytes;
    }

    int segmentCount() {
        return segmentCount;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Appends at the tail; false (nothing written) when the byte cap would be exceeded. */
    boolean append(Envelope e) throws IOException {
        int frame = SpoolFormat.frameBytes(e);
        boolean roll =
                writer == null
                        || (writer.size() > SpoolFormat.HEADER_BYTES
                                && writer.size() + frame > segmentBytes);
        long need = frame + (roll ? SpoolFormat.HEADER_BYTES : 0);
        if (bytes + need > maxBytes) {
            return false;
        }
        if (roll) {
            if (writer != null) {
                writer.close();
            }
            writer = null;
            writer = new SegmentWriter(newSegment(nextId++));
        }
        writer.append(e);
        bytes += frame;
        return true;
    }

    /** Reserves a segment id that sorts before every later tail segment. */
    void reserveRescue() {
        if (rescueId < 0) {
            rescueId = nextId++;
        }
    }

    boolean rescueReserved() {
        return rescueId >= 0;
    }

    /** Appends to the reserved rescue segment; false when the byte cap would be exceeded. */
    boolean appendRescue(Envelope e) throws IOException {
        if (rescueId < 0) {
            throw new IllegalStateException("no rescue segment reserved");
        }
        int frame = SpoolFormat.frameBytes(e);
        long need = frame + (rescue == null ? SpoolFormat.HEADER_BYTES : 0);
        if (bytes + need > maxBytes) {
            return false;
        }
        if (rescue == null) {
            rescue = new SegmentWriter(newSegment(rescueId));
        }
        rescue.append(e);
        bytes += frame;
        return true;
    }

    /** Seals the rescue segment: from now on it is replayed like any other. */
    void closeRescue() throws IOException {
        if (rescue != null) {
            rescue.close();
        }
        rescue = null;
        rescueId = -1;
    }

    private Segment newSegment(long id) {
        Segment s = new Segment(id, pathOf(id), 0);
        segments.put(id, s);
        bytes += SpoolFormat.HEADER_BYTES;
        updateGauges();
        return s;
    }

    /** The next frame to replay, or null when every written frame has been read. */
    Entry next() throws IOException {
        while (true) {
            if (reader == null) {
                Map.Entry<Long, Segment> at =
                        readSegment < 0
                                ? segments.firstEntry()
                                : segments.ceilingEntry(readSegment);
                if (at == null) {
                    return null;
                }
                if (at.getKey() != readSegment) {
                    readSegment = at.getKey();
                    readOffset = SpoolFormat.HEADER_BYTES;
                    readIndex = 0;
                }
                reader = new SegmentReader(at.getValue().path(), readOffset);
            }
            Segment segment = segments.get(readSegment);
            Position hole = segment.holes.get(readOffset);
            if (hole != null) {
                // Reported when it was found: jump it, on a first read or after a rewind alike.
                closeReader();
                readOffset = hole.offset();
                readIndex = hole.index();
                continue;
            }
            try {
                Envelope e = reader.next(readableLimit(segment));
                if (e != null) {
                    readOffset = reader.position();
                    return new Entry(
                            new Position(readSegment, reader.frameStart(), readIndex++), e);
                }
            } catch (SpoolFormat.CorruptFrameException ex) {
                skipDamaged(segment, ex);
            }
            if (isOpen(segment)) {
                return null;
            }
            Long following = segments.higherKey(readSegment);
            if (following == null) {
                return null;
            }
            closeReader();
            readSegment = following;
            readOffset = SpoolFormat.HEADER_BYTES;
            readIndex = 0;
        }
    }

    /**
     * The frame at the read position is damaged (the file changed under us: disk error, a person):
     * nothing after it in this segment can be trusted to be whole either, up to what has been
     * written so far. Those frames are lost; record the stretch and report it once.
     */
    private void skipDamaged(Segment segment, SpoolFormat.CorruptFrameException ex)
            throws IOException {
        long end = readableLimit(segment);
        int endIndex = segment.records - bufferedRecords(segment);
        LOG.warn(
                "Spool segment {}: {}; skipping {} records after it",
                segment.path().getFileName(),
                ex.getMessage(),
                endIndex - readIndex);
        closeReader();
        segment.holes.put(readOffset, new Position(segment.id(), end, endIndex));
        int from = readIndex;
        readOffset = end;
        readIndex = endIndex;
        if (endIndex > from) {
            lossListener.lost(segment.id(), from, endIndex);
        }
    }

    private int bufferedRecords(Segment segment) {
        if (writer != null && writer.segment() == segment) {
            return writer.bufferedRecords();
        }
        if (rescue != null && rescue.segment() == segment) {
            return rescue.bufferedRecords();
        }
        return 0;
    }

    private long readableLimit(Segment segment) throws IOException {
        if (writer != null && writer.segment() == segment) {
            if (readOffset >= writer.flushedSize() && writer.hasBuffered()) {
                writer.flush();
            }
            return writer.flushedSize();
        }
        if (rescue != null && rescue.segment() == segment) {
            return rescue.flushedSize();
        }
        return segment.size;
    }

    private boolean isOpen(Segment segment) {
        return (writer != null && writer.segment() == segment)
                || (rescue != null && rescue.segment() == segment);
    }

    /** Where the next {@link #next} reads from. */
    Position readPosition() {
        return new Position(readSegment, readOffset, readIndex);
    }

    /** Moves the read cursor back (to the first unacknowledged frame after a failed replay). */
    void rewind(Position position) throws IOException {
        closeReader();
        readSegment = position.segment();
        readOffset = position.offset();
        readIndex = position.index();
    }

    /** True when every written frame has been read. */
    boolean caughtUp() {
        if (rescueId >= 0) {
            return false;
        }
        Map.Entry<Long, Segment> last = segments.lastEntry();
        return last == null || (readSegment == last.getKey() && readOffset >= last.getValue().size);
    }

    /** Deletes the segments before {@code segmentId}: every record in them was acknowledged. */
    void releaseBefore(long segmentId) throws IOException {
        Iterator<Segment> it = segments.headMap(segmentId).values().iterator();
        boolean changed = false;
        while (it.hasNext()) {
            Segment s = it.next();
            if (isOpen(s)) {
                continue;
            }
            Files.deleteIfExists(s.path());
            bytes -= s.size;
            it.remove();
            changed = true;
        }
        if (changed) {
            updateGauges();
        }
    }

    /** Deletes everything: called once every spooled record was acknowledged. */
    void clear() throws IOException {
        closeReader();
        if (writer != null) {
            writer.abandon();
            writer = null;
        }
        if (rescue != null) {
            rescue.abandon();
            rescue = null;
        }
        rescueId = -1;
        for (Segment s : segments.values()) {
            Files.deleteIfExists(s.path());
        }
        segments.clear();
        bytes = 0;
        readSegment = -1;
        readOffset = 0;
        readIndex = 0;
        updateGauges();
    }

    /** Hands buffered frames to the OS; fsyncs when the sync interval has passed. */
    void flush(long nowNanos) throws IOException {
        boolean sync = nowNanos - lastSyncNanos >= syncIntervalNanos;
        for (SegmentWriter w : new SegmentWriter[] {writer, rescue}) {
            if (w != null) {
                if (sync) {
                    w.sync();
                } else {
                    w.flush();
                }
            }
        }
        if (sync) {
            lastSyncNanos = nowNanos;
        }
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    private void updateGauges() {
        segmentCount = segments.size();
    }

    @Override
    public void close() throws IOException {
        try {
            closeReader();
            if (writer != null) {
                writer.close();
            }
            if (rescue != null) {
                rescue.close();
            }
        } finally {
            writer = null;
            rescue = null;
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }
}
