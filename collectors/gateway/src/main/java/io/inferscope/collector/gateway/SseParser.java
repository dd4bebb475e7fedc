package io.inferscope.collector.gateway;

import java.io.ByteArrayOutputStream;

/**
 * Incremental parser of a {@code text/event-stream} body, fed buffer by buffer as bytes pass
 * through the proxy. It follows the WHATWG rules that matter here: a line ends in CRLF, LF or a
 * lone CR; {@code data:} lines of one block are joined with LF; a blank line ends the block. A CR
 * at the very end of a buffer is treated as a line end at once (no waiting for the next buffer,
 * which could stall an event), and an LF that begins the next buffer is then swallowed as the CR's
 * partner.
 *
 * <p>The parser keeps only the block being read, bounded by {@code maxDataBytes}: a block whose
 * data grows beyond it is reported with {@code data == null} (its bytes still pass through
 * untouched). It does not keep any event after reporting it, so no prompt or completion text is
 * retained.
 */
final class SseParser {

    /** Receives the end of every block, with or without a data field. */
    interface Listener {
        /**
         * A blank line ended a block.
         *
         * @param data the joined {@code data} field (UTF-8 bytes), or null when the block had no
         *     data field or its data exceeded the bound
         * @param endOffset index in the current buffer just after the blank line's terminator
         * @param crTerminated true when that terminator was a CR that may be followed by an LF in
         *     the next bytes (which then belongs to this block on the wire)
         */
        void onBlock(byte[] data, int endOffset, boolean crTerminated);
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = {'d', 'a', 't', 'a'};

    private final int maxDataBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream data = new ByteArrayOutputStream(256);
    private int lineLength; // bytes seen on the current line, kept or not
    private boolean hasData;
    private boolean overflow; // the current block outgrew the bound: its data is not reported
    private boolean afterCr;

    SseParser(int maxDataBytes) {
        this.maxDataBytes = maxDataBytes;
    }

    /** Feeds the next bytes of the stream, reporting each block that ends inside them. */
    void feed(byte[] bytes, int offset, int length, Listener listener) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (afterCr) {
                afterCr = false;
                if (b == LF) {
                    continue;
                }
            }
            if (b == CR || b == LF) {
                afterCr = b == CR;
                endOfLine(i + 1, afterCr, listener);
            } else {
                lineLength++;
                if (!overflow) {
                    line.write(b);
                    if (line.size() > maxDataBytes) {
                        overflow = true;
                        line.reset();
                    }
                }
            }
        }
    }

    private void endOfLine(int endOffset, boolean cr, Listener listener) {
        if (lineLength == 0) {
            dispatch(endOffset, cr, listener);
            return;
        }
        if (!overflow) {
            field(line.toByteArray());
        }
        line.reset();
        lineLength = 0;
    }

    private void field(byte[] l) {
        if (l.length == 0 || l[0] == ':') {
            return; // comment line
        }
        int colon = indexOf(l, (byte) ':');
        int nameEnd = colon < 0 ? l.length : colon;
        if (!isData(l, nameEnd)) {
            return;
        }
        int valueStart = colon < 0 ? l.length : colon + 1;
        if (valueStart < l.length && l[valueStart] == ' ') {
            valueStart++;
        }
        if (hasData) {
            data.write(LF);
        }
        hasData = true;
        data.write(l, valueStart, l.length - valueStart);
        if (data.size() > maxDataBytes) {
            overflow = true;
            data.reset();
        }
    }

    private void dispatch(int endOffset, boolean cr, Listener listener) {
        byte[] payload = hasData && !overflow ? data.toByteArray() : null;
        data.reset();
        hasData = false;
        overflow = false;
        listener.onBlock(payload, endOffset, cr);
    }

    private static boolean isData(byte[] l, int nameEnd) {
        if (nameEnd != DATA.length) {
            return false;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (l[i] != DATA[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] l, byte b) {
        for (int i = 0; i < l.length; i++) {
            if (l[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
