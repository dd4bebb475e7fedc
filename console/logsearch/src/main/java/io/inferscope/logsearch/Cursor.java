package io.inferscope.logsearch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.lucene.search.FieldDoc;

/**
 * The opaque paging cursor: the sort key (time, partition, offset) of the last line of a page. The
 * key is unique per line, so the next page starts strictly after it however segments were merged or
 * new lines arrived in between (stable paging; lines newer than the first page never shift it).
 */
final class Cursor {
    private static final String VERSION = "v1";

    private Cursor() {}

    static String encode(FieldDoc last) {
        Object[] f = last.fields;
        String raw = VERSION + ":" + f[0] + ":" + f[1] + ":" + f[2];
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The search-after point. Its doc is the largest possible so that a line with an equal key
     * (only the cursor's own line) counts as already seen.
     */
    static FieldDoc decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] p = raw.split(":", -1);
            if (p.length != 4 || !p[0].equals(VERSION)) {
                throw new IllegalArgumentException("bad cursor");
            }
            Object[] fields = {Long.valueOf(p[1]), Long.valueOf(p[2]), Long.valueOf(p[3])};
            return new FieldDoc(Integer.MAX_VALUE, Float.NaN, fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid cursor '" + cursor + "': pass back a next_cursor unchanged");
        }
    }
}
