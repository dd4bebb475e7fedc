package io.inferscope.collector.core;

import io.inferscope.collector.core.SpoolFormat.CorruptFrameException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads frames of one segment sequentially from a given offset, never past a caller-given limit
 * (for the segment being written, the writer's flushed size, which is always a frame boundary). Not
 * thread-safe.
 */
final class SegmentReader implements Closeable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private long position;
    private long frameStart;

    SegmentReader(Path path, long offset) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.position = offset;
    }

    /** Checks the segment header; the reader must be at offset 0. */
    void readHeader() throws IOException, CorruptFrameException {
        if (!fill(SpoolFormat.HEADER_BYTES, channel.size())) {
            throw new CorruptFrameException("truncated header");
        }
        int magic = buffer.getInt();
        int version = buffer.getInt();
        if (magic != SpoolFormat.MAGIC || version != SpoolFormat.VERSION) {
            throw new CorruptFrameException("not a spool segment (magic/version)");
        }
        position += SpoolFormat.HEADER_BYTES;
    }

    /** Offset just past the last frame returned (or the start offset). */
    long position() {
        return position;
    }

    /** Offset of the last frame returned. */
    long frameStart() {
        return frameStart;
    }

    /**
     * The next frame, or null when the reader stands at {@code limit}.
     *
     * @throws CorruptFrameException when the bytes before {@code limit} are not a whole valid frame
     */
    Envelope next(long limit) throws IOException, CorruptFrameException {
        if (position >= limit) {
            return null;
        }
        if (!fill(SpoolFormat.FRAME_OVERHEAD, limit)) {
            throw new CorruptFrameException("truncated frame header at " + position);
        }
        int at = buffer.position();
        int bodyLength = buffer.getInt(at);
        int crc = buffer.getInt(at + 4);
        if (bodyLength < SpoolFormat.MIN_BODY || bodyLength > SpoolFormat.MAX_BODY) {
            throw new CorruptFrameException("bad frame length " + bodyLength + " at " + position);
        }
        int frameLength = SpoolFormat.FRAME_OVERHEAD + bodyLength;
        if (!fill(frameLength, limit)) {
            throw new CorruptFrameException("truncated frame at " + position);
        }
        at = buffer.position();
        int bodyAt = at + SpoolFormat.FRAME_OVERHEAD;
        if (SpoolFormat.crc(buffer, bodyAt, bodyLength) != crc) {
            throw new CorruptFrameException("checksum mismatch at " + position);
        }
        Envelope e = SpoolFormat.readBody(buffer, bodyAt, bodyLength);
        buffer.position(at + frameLength);
        frameStart = position;
        position += frameLength;
        return e;
    }

    /**
     * Makes {@code n} bytes from {@link #position} available in the buffer, reading at most to
     * limit.
     */
    private boolean fill(int n, long limit) throws IOException {
        if (buffer.remaining() >= n) {
            return true;
        }
        if (position + n > limit) {
            return false;
        }
        if (buffer.capacity() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(n);
            bigger.put(buffer);
            buffer = bigger;
        } else {
            buffer.compact();
        }
        // buffer is in write mode now; bytes [0, position()) are file bytes from `position`.
        long readAt = position + buffer.position();
        long wanted = Math.max(buffer.position(), Math.min(buffer.capacity(), limit - position));
        buffer.limit((int) wanted);
        while (buffer.position() < n) {
            int read = channel.read(buffer, readAt);
            if (read <= 0) {
                break;
            }
            readAt += read;
        }
        buffer.flip();
        return buffer.remaining() >= n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
