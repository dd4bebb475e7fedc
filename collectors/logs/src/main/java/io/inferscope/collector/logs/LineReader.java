package io.inferscope.collector.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Splits a file into lines from a given offset, reading through an open channel (so a file renamed
 * or deleted meanwhile is still read to its end). Memory is bounded: a line longer than {@code cap}
 * keeps its first {@code cap} bytes and the rest is skipped up to its {@code \n}. An unterminated
 * last line stays buffered until its {@code \n} arrives ({@link #takeUnterminated} hands it out
 * when the writer is known to be gone). Not thread-safe.
 */
final class LineReader {
    private static final int CHUNK = 64 * 1024;

    private final FileChannel channel;
    private final int cap;
    private final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lineCut;
    private long lineStart;

    /** File offset of the next byte to read from the channel. */
    private long readPos;

    LineReader(FileChannel channel, long offset, int cap) {
        this.channel = channel;
        this.cap = cap;
        seek(offset);
    }

    /** Forgets everything buffered and reads on from {@code offset}. */
    void seek(long offset) {
        readPos = offset;
        lineStart = offset;
        lineLength = 0;
        lineCut = false;
        buf.clear().flip(); // empty, ready to read from
    }

    /** Bytes taken from the file so far: the file cannot be shorter than this unless truncated. */
    long readPosition() {
        return readPos;
    }

    /** Whether bytes of an unterminated line are buffered. */
    boolean hasUnterminated() {
        return lineStart < readPos - buf.remaining();
    }

    /**
     * The next complete line, or null when the file holds no further {@code \n} or {@code budget}
     * bytes were read from the channel by this call.
     */
    PhysicalLine next(long[] budget) throws IOException {
        while (true) {
            PhysicalLine l = scan();
            if (l != null) {
                return l;
            }
            if (budget[0] <= 0) {
                return null;
            }
            buf.clear();
            int n = channel.read(buf, readPos);
            buf.flip();
            if (n <= 0) {
                return null;
            }
            readPos += n;
            budget[0] -= n;
        }
    }

    /**
     * The buffered unterminated line, if any, as a line of its own: call once {@link #next}
     * returned null and the writer is known to be gone.
     */
    PhysicalLine takeUnterminated() {
        if (scan() != null) {
            throw new IllegalStateException("call only after next() returned null");
        }
        return hasUnterminated() ? emit(readPos) : null;
    }

    private PhysicalLine scan() {
        int pos = buf.position();
        int limit = buf.limit();
        byte[] a = buf.array();
        for (int i = pos; i < limit; i++) {
            if (a[i] == '\n') {
                append(a, pos, i - pos);
                buf.position(i + 1);
                return emit(readPos - (limit - i - 1));
            }
        }
        append(a, pos, limit - pos);
        buf.position(limit);
        return null;
    }

    private PhysicalLine emit(long end) {
        int length = lineLength;
        if (!lineCut && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        PhysicalLine l = new PhysicalLine(Arrays.copyOf(line, length), lineStart, end, lineCut);
        lineStart = end;
        lineLength = 0;
        lineCut = false;
        return l;
    }

    private void append(byte[] src, int from, int n) {
        int room = cap - lineLength;
        if (n > room) {
            lineCut = true;
            n = room;
        }
        if (n <= 0) {
            return;
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.min(cap, Math.max(line.length * 2, lineLength + n)));
        }
        System.arraycopy(src, from, line, lineLength, n);
        lineLength += n;
    }
}
