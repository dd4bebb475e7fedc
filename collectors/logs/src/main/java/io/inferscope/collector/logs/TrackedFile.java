package io.inferscope.collector.logs;

import io.inferscope.collector.logs.CriParser.CriLine;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.Topics;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * One followed file (one inode): its open channel, read position, the offsets to checkpoint, CRI
 * partial lines being joined (one per stream) and a line the publisher refused (offered again
 * before anything else). Offsets advance only when a line was accepted. Not thread-safe.
 */
final class TrackedFile implements Closeable {
    static final int FINGERPRINT_BYTES = 256;

    /** What a poll of this file did. */
    enum Progress {
        /** Nothing new: at the end of the file. */
        IDLE,
        /** Read bytes or handed lines over. */
        PROGRESS,
        /** The publisher refused a line: stop and offer it again next poll. */
        BLOCKED
    }

    /** A line the publisher refused, and the offsets to record once it is accepted. */
    private record Held(LogLine line, long end, long resume) {}

    /** A CRI partial line being joined. */
    private static final class Partial {
        final long start;
        final long tsMs;
        byte[] bytes = new byte[256];
        int length;
        boolean cut;

        Partial(long start, long tsMs) {
            this.start = start;
            this.tsMs = tsMs;
        }

        void append(byte[] src, int from, int n, boolean srcCut, int keep) {
            cut |= srcCut;
            int room = keep - length;
            if (n > room) {
                cut = true;
                n = room;
            }
            if (n <= 0) {
                return;
            }
            if (length + n > bytes.length) {
                bytes =
                        Arrays.copyOf(
                                bytes, Math.min(keep, Math.max(bytes.length * 2, length + n)));
            }
            System.arraycopy(src, from, bytes, length, n);
            length += n;
        }
    }

    final String key;
    final LogSource source;
    final String recordKey;
    private final Labels labels;
    private final String container;
    private final TailContext ctx;
    private final FileChannel channel;
    private final LineReader reader;
    private final Partial[] partials = new Partial[LogLine.Stream.values().length];
    private Path path;
    private long resume;
    private long emitted;
    private int fpLength;
    private long fpCrc;
    private Held held;
    private boolean orphan;
    private int idlePolls;

    TrackedFile(
            String key,
            Path path,
            LogSource source,
            SourceIdentity identity,
            FileChannel channel,
            TailContext ctx,
            String cluster,
            String node) {
        this.key = key;
        this.path = path;
        this.source = source;
        this.recordKey = identity.key();
        this.labels = identity.labels(cluster, node);
        this.container = identity.container();
        this.ctx = ctx;
        this.channel = channel;
        int cap =
                ctx.keepBytes()
                        + (source.format() == LogFormat.CRI ? TailContext.CRI_HEADER_BYTES : 0);
        this.reader = new LineReader(channel, 0, cap);
    }

    /**
     * Positions the file (at open): reads on from {@code resume}, hands over lines past {@code
     * emitted}.
     */
    void startAt(long resumeOffset, long emittedOffset) throws IOException {
        resume = resumeOffset;
        emitted = Math.max(resumeOffset, emittedOffset);
        reader.seek(resumeOffset);
        updateFingerprint();
    }

    /** Whether the first {@code length} bytes still have this CRC (a checkpoint's fingerprint). */
    boolean hasFingerprint(int length, long crc) throws IOException {
        return length == 0 || (channel.size() >= length && crcOf(length) == crc);
    }

    Path path() {
        return path;
    }

    void seenAt(Path newPath) {
        path = newPath;
        orphan = false;
        idlePolls = 0;
    }

    boolean orphan() {
        return orphan;
    }

    /** Marks the file gone from the listing (renamed away or deleted); true the first time. */
    boolean markOrphan() {
        boolean first = !orphan;
        orphan = true;
        return first;
    }

    /** Counts a poll that found nothing new; returns the count of such polls in a row. */
    int idle() {
        return ++idlePolls;
    }

    /**
     * Detects copytruncate (the file is shorter than what was read) and a rewrite (its first bytes
     * changed): reading starts over at 0. Not while a refused line waits, whose offsets belong to
     * the old content.
     *
     * @return true when the file was found truncated
     */
    boolean detectTruncation() throws IOException {
        if (held != null) {
            return false;
        }
        long size = channel.size();
        boolean truncated =
                size < reader.readPosition() || size < fpLength || crcOf(fpLength) != fpCrc;
        if (!truncated) {
            if (fpLength < FINGERPRINT_BYTES && size > fpLength) {
                updateFingerprint();
            }
            return false;
        }
        Arrays.fill(partials, null);
        startAt(0, 0);
        return true;
    }

    /** Reads up to about {@code budget} bytes of new lines and hands them over. */
    Progress poll(long budget) throws IOException {
        if (held != null && !retryHeld()) {
            return Progress.BLOCKED;
        }
        long before = reader.readPosition();
        long[] left = {budget};
        PhysicalLine l;
        while ((l = reader.next(left)) != null) {
            if (!accept(l)) {
                count(before);
                return Progress.BLOCKED;
            }
        }
        count(before);
        return reader.readPosition() == before ? Progress.IDLE : Progress.PROGRESS;
    }

    /**
     * The writer is gone: hands over an unterminated last line and any partial lines still being
     * joined. Call after a poll returned {@link Progress#IDLE}.
     *
     * @return true when everything was handed over and the file can be closed
     */
    boolean finish() {
        if (held != null && !retryHeld()) {
            return false;
        }
        PhysicalLine tail = reader.takeUnterminated();
        if (tail != null && !accept(tail)) {
            return false;
        }
        for (int s = 0; s < partials.length; s++) {
            Partial p = partials[s];
            if (p != null) {
                partials[s] = null;
                LogLine.Stream stream = LogLine.Stream.values()[s];
                long end = reader.readPosition();
                if (!offer(() -> build(p.tsMs, stream, p.bytes, 0, p.length, p.cut), end, end)) {
                    return false;
                }
            }
        }
        return true;
    }

    Checkpoint.Entry entry() {
        return new Checkpoint.Entry(key, path.toString(), resume, emitted, fpLength, fpCrc);
    }

    private void count(long before) {
        ctx.metrics().bytesRead.add(reader.readPosition() - before);
    }

    private boolean retryHeld() {
        if (!ctx.sink().publish(Topics.RAW_LOGS, recordKey, held.line())) {
            ctx.metrics().refusals.increment();
            return false;
        }
        ctx.metrics().linesPublished.increment();
        resume = held.resume();
        emitted = held.end();
        held = null;
        return true;
    }

    private boolean accept(PhysicalLine l) {
        byte[] b = l.bytes();
        if (source.format() == LogFormat.PLAIN) {
            return offer(
                    () -> build(ctx.clock().millis(), null, b, 0, b.length, l.cut()),
                    l.end(),
                    l.end());
        }
        CriLine c = CriParser.parse(b);
        if (c == null) {
            return offer(
                    () -> {
                        ctx.metrics().malformed.increment();
                        return build(ctx.clock().millis(), null, b, 0, b.length, l.cut());
                    },
                    l.end(),
                    resumeAfter(l.end()));
        }
        int s = c.stream().ordinal();
        int from = c.messageOffset();
        if (c.partial()) {
            if (partials[s] == null) {
                partials[s] = new Partial(l.start(), c.tsMs());
            }
            partials[s].append(b, from, b.length - from, l.cut(), ctx.keepBytes());
            resume = resumeAfter(l.end());
            return true;
        }
        Partial p = partials[s];
        if (p == null) {
            return offer(
                    () -> build(c.tsMs(), c.stream(), b, from, b.length - from, l.cut()),
                    l.end(),
                    resumeAfter(l.end()));
        }
        p.append(b, from, b.length - from, l.cut(), ctx.keepBytes());
        partials[s] = null;
        return offer(
                () -> build(p.tsMs, c.stream(), p.bytes, 0, p.length, p.cut),
                l.end(),
                resumeAfter(l.end()));
    }

    /** Where a restart must read from after a line ending at {@code end}. */
    private long resumeAfter(long end) {
        long r = end;
        for (Partial p : partials) {
            if (p != null) {
                r = Math.min(r, p.start);
            }
        }
        return r;
    }

    /**
     * Hands a line over. A line ending at or before {@code emitted} was handed over before a
     * restart (it is read again only to rebuild partial lines) and is skipped.
     */
    private boolean offer(Supplier<LogLine> line, long end, long newResume) {
        if (end <= emitted) {
            resume = newResume;
            return true;
        }
        LogLine built = line.get();
        if (ctx.sink().publish(Topics.RAW_LOGS, recordKey, built)) {
            ctx.metrics().linesPublished.increment();
            resume = newResume;
            emitted = end;
            return true;
        }
        ctx.metrics().refusals.increment();
        held = new Held(built, end, newResume);
        return false;
    }

    private LogLine build(
            long tsMs, LogLine.Stream stream, byte[] b, int from, int length, boolean cut) {
        return ctx.factory().build(labels, container, tsMs, stream, b, from, length, cut);
    }

    private void updateFingerprint() throws IOException {
        fpLength = (int) Math.min(FINGERPRINT_BYTES, channel.size());
        fpCrc = crcOf(fpLength);
    }

    private long crcOf(int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, b.position()) < 0) {
                return -1; // shorter than the fingerprint: never equal to a CRC
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.flip());
        return crc.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
