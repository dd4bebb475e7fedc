package io.inferscope.collector.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends frames to one new segment file through a small buffer. {@link #flush} hands the buffer to
 * the operating system (a process crash then loses nothing flushed); {@link #sync} also forces it
 * to the device (a machine crash then loses nothing synced). Not thread-safe.
 */
final class SegmentWriter implements Closeable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Spool.Segment segment;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long flushed;
    private int bufferedRecords;
    private boolean dirty;

    SegmentWriter(Spool.Segment segment) throws IOException {
        this.segment = segment;
        this.channel =
                FileChannel.open(
                        segment.path(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        SpoolFormat.writeHeader(buffer);
        segment.size = SpoolFormat.HEADER_BYTES;
    }

    Spool.Segment segment() {
        return segment;
    }

    Path path() {
        return segment.path();
    }

    /** Logical size, including bytes still in the buffer. */
    long size() {
        return segment.size;
    }

    /** Bytes already handed to the operating system: a reader may read up to here. */
    long flushedSize() {
        return flushed;
    }

    boolean hasBuffered() {
        return buffer.position() > 0;
    }

    /** Frames still in the buffer: counted in the segment's records, not yet readable. */
    int bufferedRecords() {
        return bufferedRecords;
    }

    void append(Envelope e) throws IOException {
        int bytes = SpoolFormat.frameBytes(e);
        if (bytes > buffer.remaining()) {
            flush();
        }
        if (bytes > buffer.capacity()) {
            ByteBuffer big = ByteBuffer.allocate(bytes);
            SpoolFormat.writeFrame(e, big);
            big.flip();
            writeFully(big);
        } else {
            SpoolFormat.writeFrame(e, buffer);
            bufferedRecords++;
        }
        segment.size += bytes;
        segment.records++;
    }

    void flush() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
        bufferedRecords = 0;
    }

    private void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            flushed += channel.write(src, flushed);
        }
        dirty = true;
    }

    void sync() throws IOException {
        flush();
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            channel.close();
        }
    }

    /** Closes without syncing: the segment is about to be deleted. */
    void abandon() throws IOException {
        channel.close();
    }
}
