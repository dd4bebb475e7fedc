package io.inferscope.jobs.requests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Nullable strings and boxed doubles for the hand-written serializers of the request job. A string
 * is written as its UTF-8 bytes in one call: Flink's {@code StringSerializer} writes one byte per
 * call, which is what made checkpoints of the lifecycle state expensive (each call goes through a
 * synchronized {@code DataOutputStream.write(int)} into the checkpoint stream). For the same reason
 * a whole value bound for a checkpoint stream is first written to a per-thread buffer and handed
 * over in one call ({@link #buffered}): each {@code writeInt}/{@code writeLong} on that stream is 4
 * or 8 synchronized calls.
 */
final class CompactIo {
    private static final ThreadLocal<DataOutputSerializer> BUFFER =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(512));

    private CompactIo() {}

    /** Writes one value with {@code writer}, {@link #BUFFER buffered} unless {@code out} is. */
    static <T> void buffered(T value, DataOutputView out, Writer<T> writer) throws IOException {
        if (out instanceof DataOutputSerializer) {
            writer.write(value, out); // network buffers and our own buffer: no locks, no copy
            return;
        }
        DataOutputSerializer buffer = BUFFER.get();
        buffer.clear();
        writer.write(value, buffer);
        out.write(buffer.getSharedBuffer(), 0, buffer.length());
    }

    /** Writes a value's fields to a view. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T value, DataOutputView out) throws IOException;
    }

    /** Length + 1, then the UTF-8 bytes; 0 for null. */
    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length + 1);
        out.write(bytes);
    }

    static String readString(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n == 0) {
            return null;
        }
        byte[] bytes = new byte[n - 1];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void copyString(DataInputView in, DataOutputView out) throws IOException {
        int n = in.readInt();
        out.writeInt(n);
        if (n > 1) {
            out.write(in, n - 1);
        }
    }

    /** A presence byte, then the value. */
    static void writeDouble(Double d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
