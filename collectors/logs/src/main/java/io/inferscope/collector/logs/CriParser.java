package io.inferscope.collector.logs;

import io.inferscope.schemas.LogLine.Stream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the CRI container log format the kubelet and runtimes (containerd, CRI-O) write: {@code
 * <RFC 3339 nano timestamp> <stdout|stderr> <tags> <message>}, where the first tag is {@code P} (a
 * partial line, continued by the next line of the same stream) or {@code F} (full, or the last
 * part). Works on bytes so a multi-byte character split across partial lines joins intact.
 */
final class CriParser {
    private static final int MAX_TIMESTAMP_CHARS = 40;

    /**
     * One parsed line.
     *
     * @param messageOffset where the message starts in the line's bytes
     */
    record CriLine(long tsMs, Stream stream, boolean partial, int messageOffset) {}

    private CriParser() {}

    /** The parsed line, or null when it does not have the CRI layout. */
    static CriLine parse(byte[] b) {
        int s1 = indexOf(b, (byte) ' ', 0);
        if (s1 <= 0 || s1 > MAX_TIMESTAMP_CHARS) {
            return null;
        }
        int s2 = indexOf(b, (byte) ' ', s1 + 1);
        if (s2 < 0) {
            return null;
        }
        Stream stream;
        String name = new String(b, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
        if (name.equals("stdout")) {
            stream = Stream.STDOUT;
        } else if (name.equals("stderr")) {
            stream = Stream.STDERR;
        } else {
            return null;
        }
        int s3 = indexOf(b, (byte) ' ', s2 + 1);
        int tagsEnd = s3 < 0 ? b.length : s3;
        // Tags are ':'-separated; the first says partial or full.
        if (tagsEnd - s2 - 1 < 1 || (tagsEnd - s2 - 1 > 1 && b[s2 + 2] != ':')) {
            return null;
        }
        boolean partial;
        if (b[s2 + 1] == 'P') {
            partial = true;
        } else if (b[s2 + 1] == 'F') {
            partial = false;
        } else {
            return null;
        }
        long ts;
        try {
            String text = new String(b, 0, s1, StandardCharsets.US_ASCII);
            ts = OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
        if (ts <= 0) {
            return null;
        }
        return new CriLine(ts, stream, partial, s3 < 0 ? b.length : s3 + 1);
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
