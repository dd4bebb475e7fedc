package io.inferscope.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client side of one streamed response: finds the first content-bearing SSE event (the TTFT
 * mark), counts content events (one token each in the simulator) and notices {@code [DONE]}.
 *
 * <p>It looks for a non-empty {@code "content"} (chat) or {@code "text"} (completions) string in
 * each {@code data:} line, in place in the received bytes, instead of parsing the JSON: the client
 * shares the JVM (and, on a small machine, the cores) with the gateway and the simulator, so its
 * own cost must stay small and, above all, the same in both modes. The role-only first chat chunk
 * ({@code "content":""} or no content) and the usage chunk do not count. An event's data is
 * expected on one line, as every OpenAI-compatible server sends it. Not thread-safe: one probe per
 * response, fed on its event loop.
 */
final class SseProbe {
    private static final byte[] DATA = ascii("data:");
    private static final byte[] CONTENT = ascii("\"content\"");
    private static final byte[] TEXT = ascii("\"text\"");
    private static final byte[] DONE = ascii("[DONE]");
    private static final byte[] NONE = new byte[0];

    private byte[] carry = NONE; // an unfinished line from the previous buffer
    private boolean eventHasContent;
    private boolean eventIsDone;
    private boolean sawContent;
    private int contentEvents;
    private boolean done;

    /**
     * Feeds the next bytes of the body.
     *
     * @return true when these bytes completed the first content-bearing event
     */
    boolean feed(byte[] bytes) {
        boolean hadContent = sawContent;
        byte[] buf = bytes;
        if (carry.length > 0) {
            buf = Arrays.copyOf(carry, carry.length + bytes.length);
            System.arraycopy(bytes, 0, buf, carry.length, bytes.length);
        }
        int lineStart = 0;
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == '\n') {
                int end = i > lineStart && buf[i - 1] == '\r' ? i - 1 : i;
                line(buf, lineStart, end);
                lineStart = i + 1;
            }
        }
        carry = lineStart == buf.length ? NONE : Arrays.copyOfRange(buf, lineStart, buf.length);
        return !hadContent && sawContent;
    }

    boolean sawContent() {
        return sawContent;
    }

    int contentEvents() {
        return contentEvents;
    }

    boolean done() {
        return done;
    }

    private void line(byte[] b, int from, int to) {
        if (from == to) {
            endEvent();
            return;
        }
        if (!startsWith(b, from, to, DATA)) {
            return;
        }
        int v = from + DATA.length;
        if (v < to && b[v] == ' ') {
            v++;
        }
        if (to - v == DONE.length && startsWith(b, v, to, DONE)) {
            eventIsDone = true;
        } else if (nonEmptyString(b, v, to, CONTENT) || nonEmptyString(b, v, to, TEXT)) {
            eventHasContent = true;
        }
    }

    private void endEvent() {
        if (eventIsDone) {
            done = true;
        } else if (eventHasContent) {
            contentEvents++;
            sawContent = true;
        }
        eventIsDone = false;
        eventHasContent = false;
    }

    /** True when {@code key} is followed by {@code :} and a string of at least one character. */
    static boolean nonEmptyString(String json, String key) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return nonEmptyString(b, 0, b.length, ascii(key));
    }

    private static boolean nonEmptyString(byte[] b, int from, int to, byte[] key) {
        for (int at = indexOf(b, from, to, key); at >= 0; at = indexOf(b, at + 1, to, key)) {
            int i = skipSpaces(b, at + key.length, to);
            if (i < to && b[i] == ':') {
                i = skipSpaces(b, i + 1, to);
                return i + 1 < to && b[i] == '"' && b[i + 1] != '"';
            }
        }
        return false;
    }

    private static int skipSpaces(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] needle) {
        for (int i = from; i <= to - needle.length; i++) {
            if (startsWith(b, i, to, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
