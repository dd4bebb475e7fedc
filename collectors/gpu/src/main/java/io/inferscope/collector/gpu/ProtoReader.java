package io.inferscope.collector.gpu;

import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protobuf wire format to read the kubelet's pod-resources answer: field tags,
 * varints, length-delimited fields, and skipping what is not needed. Generated classes would need
 * protoc at build time for three messages.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int from, int end) {
        this.buf = buf;
        this.pos = from;
        this.end = end;
    }

    boolean hasNext() {
        return pos < end;
    }

    /** The next tag: field number {@code << 3 | wire type}. */
    int tag() {
        long t = varint();
        if (t <= 0 || t > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad protobuf tag " + t + " at " + pos);
        }
        return (int) t;
    }

    long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** A length-delimited field as a reader of its own. */
    ProtoReader message() {
        int len = length();
        ProtoReader r = new ProtoReader(buf, pos, pos + len);
        pos += len;
        return r;
    }

    String string() {
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> varint();
            case I64 -> advance(8);
            case LEN -> advance(length());
            case I32 -> advance(4);
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
        }
    }

    private int length() {
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw new IllegalArgumentException("length " + len + " beyond the message");
        }
        return (int) len;
    }

    private void advance(int n) {
        if (n > end - pos) {
            throw new IllegalArgumentException("field beyond the message");
        }
        pos += n;
    }
}
