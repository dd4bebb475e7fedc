package io.inferscope.console;

/** A bounds-checked reader of protobuf wire format (varint, fixed64, length-delimited, fixed32). */
final class ProtoInput {
    private final byte[] buf;
    private final int end;
    private int pos;

    ProtoInput(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    boolean more() {
        return pos < end;
    }

    int tag() {
        return (int) varint();
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated varint in sketch");
            }
            byte b = buf[pos++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long in sketch");
    }

    static int unZigZag(long raw) {
        int n = (int) raw;
        return (n >>> 1) ^ -(n & 1);
    }

    double fixed64Double() {
        if (end - pos < 8) {
            throw new IllegalArgumentException("truncated double in sketch");
        }
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    double doubleField(int tag) {
        if ((tag & 7) != 1) {
            throw new IllegalArgumentException(
                    "expected a double in sketch, wire type " + (tag & 7));
        }
        return fixed64Double();
    }

    ProtoInput message() {
        long length = varint();
        if (length < 0 || length > end - pos) {
            throw new IllegalArgumentException("bad length " + length + " in sketch");
        }
        ProtoInput sub = new ProtoInput(buf, pos, pos + (int) length);
        pos += (int) length;
        return sub;
    }

    void skip(int tag) {
        switch (tag & 7) {
            case 0 -> varint();
            case 1 -> fixed64Double();
            case 2 -> message();
            case 5 -> {
                if (end - pos < 4) {
                    throw new IllegalArgumentException("truncated fixed32 in sketch");
                }
                pos += 4;
            }
            default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " in sketch");
        }
    }
}
