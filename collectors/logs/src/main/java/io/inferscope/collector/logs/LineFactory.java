package io.inferscope.collector.logs;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogLine.Stream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a line's message bytes into a {@link LogLine}: caps it at {@code maxLineBytes} (on a
 * character boundary), decodes UTF-8 (invalid sequences become U+FFFD, never an error), parses it
 * ({@link MessageParser}) and redacts message and attribute values ({@link Redactor}).
 */
final class LineFactory {
    private final int maxLineBytes;
    private final MessageParser parser;
    private final Redactor redactor;
    private final LogsMetrics metrics;

    LineFactory(int maxLineBytes, int maxAttributes, Redactor redactor, LogsMetrics metrics) {
        this.maxLineBytes = maxLineBytes;
        this.parser = new MessageParser(maxAttributes);
        this.redactor = redactor;
        this.metrics = metrics;
    }

    LogLine build(
            Labels labels,
            String container,
            long tsMs,
            Stream stream,
            byte[] bytes,
            int offset,
            int length,
            boolean cut) {
        if (length > maxLineBytes) {
            length = utf8Boundary(bytes, offset, maxLineBytes);
            cut = true;
        }
        if (cut) {
            metrics.truncated.increment();
        }
        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
        ParsedMessage p = parser.parse(text);
        Map<String, String> attributes = null;
        if (p.attributes() != null) {
            attributes = new LinkedHashMap<>();
            for (Map.Entry<String, String> a : p.attributes().entrySet()) {
                attributes.put(a.getKey(), redactor.redactAttribute(a.getKey(), a.getValue()));
            }
        }
        return new LogLine(
                tsMs,
                labels,
                container,
                stream,
                p.level(),
                redactor.redact(p.message()),
                p.requestId(),
                attributes,
                cut ? Boolean.TRUE : null);
    }

    /** The largest length up to {@code max} that does not split a UTF-8 sequence. */
    static int utf8Boundary(byte[] b, int offset, int max) {
        int end = max;
        // Step back over continuation bytes (10xxxxxx) to the start of the character at the cut.
        while (end > 0 && end > max - 4 && (b[offset + end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }
}
