package io.inferscope.logsearch;

import io.inferscope.schemas.Labels;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One hit as one terminal line: {@code 2026-11-29T07:24:16.123 ERROR ns/pod/container message}.
 * Control characters in the message become spaces so a hit never spans lines.
 */
final class HitFormat {
    private final DateTimeFormatter time;

    HitFormat(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(zone);
    }

    String line(LogHit h) {
        Labels l = h.labels() == null ? Labels.EMPTY : h.labels();
        String where = dash(l.namespace()) + "/" + dash(l.replica()) + "/" + dash(h.container());
        String level = h.level() == null ? "-" : h.level().wire().toUpperCase(Locale.ROOT);
        String message = h.message() == null ? "" : h.message().replaceAll("\\p{Cntrl}", " ");
        return time.format(Instant.ofEpochMilli(h.tsMs()))
                + " "
                + String.format(Locale.ROOT, "%-5s", level)
                + " "
                + where
                + " "
                + message
                + (h.truncated() ? " [truncated]" : "");
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
