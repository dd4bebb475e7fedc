package io.inferscope.schemas.sketch;

/**
 * A bounds-checked reader of protobuf wire format: varints, fixed64, length-delimited and fixed32.
 * Every overrun throws {@link SketchFormatException}, never an index exception.
 */
final class ProtoReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    ProtoReader(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    int tag() {
        return (int) varint();
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new SketchFormatException("invalid sketch: truncated varint");
            }
            byte b = buf[pos++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new SketchFormatException("invalid sketch: varint too long");
    }

    /** Reads a {@code sint32} (zig-zag encoded varint). */
    int sint32() {
        int n = (int) varint();
        return (n >>> 1) ^ -(n & 1);
    }

    /** Reads 8 little-endian bytes as a double, whatever the tag (packed repeated doubles). */
    double rawDouble() {
        if (end - pos < 8) {
            throw new SketchFormatException("invalid sketch: truncated double");
        }
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    /** Reads a {@code double} field whose tag was just read. */
    double doubleField(int tag) {
        if ((tag & 7) != 1) {
            throw new SketchFormatException(
                    "invalid sketch: expected a double field, wire type " + (tag & 7));
        }
        return rawDouble();
    }

    /** Reads a length-delimited field as a reader over its bytes. */
    ProtoReader message() {
        long length = varint();
        if (length < 0 || length > end - pos) {
            throw new SketchFormatException("invalid sketch: bad length " + length);
        }
        ProtoReader sub = new ProtoReader(buf, pos, pos + (int) length);
        pos += (int) length;
        return sub;
    }

    void skip(int tag) {
        switch (tag & 7) {
            case 0 -> varint();
            case 1 -> rawDouble();
            case 2 -> message();
            case 5 -> {
                if (end - pos < 4) {
                    throw new SketchFormatException("invalid sketch: truncated fixed32");
                }
                pos += 4;
            }
            default -> throw new SketchFormatException("invalid sketch: wire type " + (tag & 7));
        }
    }
}
