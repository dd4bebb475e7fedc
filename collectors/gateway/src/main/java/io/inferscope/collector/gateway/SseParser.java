package io.inferscope.collector.gateway;

import java.util.Arrays;

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
 *
 * <p>It sits on the proxy's hot path, so each buffer is scanned for line ends and the bytes between
 * them are copied in bulk into arrays it manages itself (a profile showed per-byte copies into a
 * synchronized stream costing a sixth of the gateway's CPU).
 */
final class SseParser {

    /** Receives the end of every block, with or without a data field. */
    interface Listener {
        /**
         * A blank line ended a block.
         *
         * @param data the joined {@code data} field (UTF-8 bytes) in its first {@code dataLength}
         *     bytes, or null when the block had no data field or its data exceeded the bound. The
         *     array is the parser's own buffer: valid only during the call (no copy per event)
         * @param dataLength how many bytes of {@code data} are the field
         * @param endOffset index in the current buffer just after the blank line's terminator
         * @param crTerminated true when that terminator was a CR that may be followed by an LF in
         *     the next bytes (which then belongs to this block on the wire)
         */
        void onBlock(byte[] data, int dataLength, int endOffset, boolean crTerminated);
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final int INITIAL_CAPACITY = 256;

    private final int maxDataBytes;
    private byte[] line = new byte[INITIAL_CAPACITY];
    private int lineKept; // bytes of the current line held in `line`
    private byte[] data = new byte[INITIAL_CAPACITY];
    private int dataKept; // bytes of the block's joined data held in `data`
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
        int i = offset;
        if (afterCr && i < end) {
            afterCr = false;
            if (bytes[i] == LF) {
                i++; // the partner of a CR that ended the previous buffer
            }
        }
        while (i < end) {
            int eol = i;
            while (eol < end && bytes[eol] != CR && bytes[eol] != LF) {
                eol++;
            }
            appendToLine(bytes, i, eol - i);
            if (eol == end) {
                return; // the line continues in the next buffer
            }
            boolean cr = bytes[eol] == CR;
            i = eol + 1;
            endOfLine(i, cr, listener);
            if (cr) {
                if (i == end) {
                    afterCr = true;
                } else if (bytes[i] == LF) {
                    i++;
                }
            }
        }
    }

    private void appendToLine(byte[] bytes, int from, int n) {
        if (n == 0) {
            return;
        }
        lineLength += n;
        if (overflow) {
            return;
        }
        if (lineKept + n > maxDataBytes) {
            overflow = true;
            lineKept = 0;
            return;
        }
        line = ensure(line, lineKept + n);
        System.arraycopy(bytes, from, line, lineKept, n);
        lineKept += n;
    }

    private void endOfLine(int endOffset, boolean cr, Listener listener) {
        if (lineLength == 0) {
            dispatch(endOffset, cr, listener);
            return;
        }
        if (!overflow) {
            field(line, lineKept);
        }
        lineKept = 0;
        lineLength = 0;
    }

    private void field(byte[] l, int length) {
        if (length == 0 || l[0] == ':') {
            return; // comment line
        }
        int colon = indexOf(l, length, (byte) ':');
        int nameEnd = colon < 0 ? length : colon;
        if (!isData(l, nameEnd)) {
            return;
        }
        int valueStart = colon < 0 ? length : colon + 1;
        if (valueStart < length && l[valueStart] == ' ') {
            valueStart++;
        }
        int separator = hasData ? 1 : 0;
        hasData = true;
        int valueLength = length - valueStart;
        int newKept = dataKept + separator + valueLength;
        if (newKept > maxDataBytes) {
            overflow = true;
            dataKept = 0;
            return;
        }
        data = ensure(data, newKept);
        if (separator == 1) {
            data[dataKept] = LF;
        }
        System.arraycopy(l, valueStart, data, dataKept + separator, valueLength);
        dataKept = newKept;
    }

    private void dispatch(int endOffset, boolean cr, Listener listener) {
        boolean report = hasData && !overflow;
        int length = dataKept;
        dataKept = 0;
        hasData = false;
        overflow = false;
        listener.onBlock(report ? data : null, report ? length : 0, endOffset, cr);
    }

    /** Grows {@code buf} (doubling, never past the bound) to hold {@code needed} bytes. */
    private byte[] ensure(byte[] buf, int needed) {
        if (needed <= buf.length) {
            return buf;
        }
        long doubled = Math.min(buf.length * 2L, maxDataBytes);
        return Arrays.copyOf(buf, (int) Math.max(needed, doubled));
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

    private static int indexOf(byte[] l, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (l[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
