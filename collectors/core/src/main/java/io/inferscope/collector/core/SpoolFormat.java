package io.inferscope.collector.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a spool segment.
 *
 * <pre>
 * segment := header frame*
 * header  := magic "ISP1" (4 bytes) version (int32 = 1)
 * frame   := body_length (int32) crc32c(body) (int32) body
 * body    := topic_length (int16) topic (UTF-8) key_length (int32, -1 = null) key value (rest)
 * </pre>
 *
 * A frame is only valid when its length is plausible, all its bytes are present and its CRC
 * matches; anything else (typically a frame torn by a crash while it was being written) ends the
 * readable part of the segment.
 */
final class SpoolFormat {
    static final int MAGIC = 0x49535031; // "ISP1"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 8;
    static final int FRAME_OVERHEAD = 8;
    static final int MIN_BODY = 2 + 4;

    /** Guard against a garbage length field; far above any record the producer accepts. */
    static final int MAX_BODY = 64 << 20;

    private SpoolFormat() {}

    static int frameBytes(Envelope e) {
        return FRAME_OVERHEAD + bodyBytes(e);
    }

    private static int bodyBytes(Envelope e) {
        return 2
                + e.topic().getBytes(StandardCharsets.UTF_8).length
                + 4
                + (e.key() == null ? 0 : e.key().length)
                + e.value().length;
    }

    static void writeHeader(ByteBuffer out) {
        out.putInt(MAGIC).putInt(VERSION);
    }

    /** Writes one frame; {@code out} must have {@link #frameBytes} bytes remaining. */
    static void writeFrame(Envelope e, ByteBuffer out) {
        byte[] topic = e.topic().getBytes(StandardCharsets.UTF_8);
        int bodyLength = bodyBytes(e);
        int start = out.position();
        out.putInt(bodyLength).putInt(0);
        int bodyStart = out.position();
        out.putShort((short) topic.length).put(topic);
        if (e.key() == null) {
            out.putInt(-1);
        } else {
            out.putInt(e.key().length).put(e.key());
        }
        out.put(e.value());
        out.putInt(start + 4, crc(out, bodyStart, bodyLength));
    }

    static int crc(ByteBuffer buf, int offset, int length) {
        CRC32C crc = new CRC32C();
        ByteBuffer slice = buf.duplicate();
        slice.limit(offset + length).position(offset);
        crc.update(slice);
        return (int) crc.getValue();
    }

    /** Parses a body whose CRC was already checked; throws on an inconsistent layout. */
    static Envelope readBody(ByteBuffer buf, int offset, int length) throws CorruptFrameException {
        ByteBuffer b = buf.duplicate();
        b.limit(offset + length).position(offset);
        int topicLength = Short.toUnsignedInt(b.getShort());
        if (topicLength == 0 || topicLength > b.remaining() - 4) {
            throw new CorruptFrameException("bad topic length " + topicLength);
        }
        byte[] topic = new byte[topicLength];
        b.get(topic);
        int keyLength = b.getInt();
        if (keyLength < -1 || keyLength > b.remaining()) {
            throw new CorruptFrameException("bad key length " + keyLength);
        }
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            b.get(key);
        }
        byte[] value = new byte[b.remaining()];
        b.get(value);
        return new Envelope(new String(topic, StandardCharsets.UTF_8), key, value);
    }

    /** A frame or header that cannot be read: the readable part of the segment ends before it. */
    static final class CorruptFrameException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptFrameException(String message) {
            super(message);
        }
    }
}
