package io.inferscope.logsearch;

import io.inferscope.schemas.LogLine;
import java.util.Locale;
import java.util.Set;

/**
 * Names of the indexed fields, shared by the document builder, the query builder and the text query
 * parser. Keyword fields hold the value exactly as the record carries it (no analysis).
 */
public final class LogFields {
    /** Unique id {@code topic-partition-offset}; updateDocument's key. */
    public static final String ID = "_id";

    /** Epoch ms: point (range filter), doc values (sort), stored. */
    public static final String TS = "ts";

    /** Source partition and offset: doc values, the tie-breakers after {@link #TS}. */
    public static final String PARTITION = "partition";

    public static final String OFFSET = "offset";
    public static final String CLUSTER = "cluster";
    public static final String NAMESPACE = "namespace";
    public static final String DEPLOYMENT = "deployment";
    public static final String MODEL = "model";

    /** {@code labels.replica}. */
    public static final String POD = "pod";

    public static final String NODE = "node";
    public static final String CONTAINER = "container";
    public static final String STREAM = "stream";

    /** The level's wire name ({@code error}). */
    public static final String LEVEL = "level";

    /** Severity rank as an int point, for "at least level X"; absent for {@code unknown}. */
    public static final String LEVEL_RANK = "level_rank";

    public static final String REQUEST_ID = "request_id";

    /** Analyzed (standard analyzer) and stored. */
    public static final String MESSAGE = "message";

    /** {@code "true"} when the collector cut the line at its size cap; absent otherwise. */
    public static final String TRUNCATED = "truncated";

    /** Fields a text query may name ({@code pod:vllm-0}); all but message are exact keywords. */
    public static final Set<String> KEYWORDS =
            Set.of(
                    CLUSTER,
                    NAMESPACE,
                    DEPLOYMENT,
                    MODEL,
                    POD,
                    NODE,
                    CONTAINER,
                    STREAM,
                    LEVEL,
                    REQUEST_ID);

    private LogFields() {}

    /** trace 0 … fatal 5; -1 for unknown, which no "at least" filter matches. */
    public static int rank(LogLine.Level level) {
        return level == LogLine.Level.UNKNOWN ? -1 : level.ordinal();
    }

    /** A level from its wire name, any case ({@code WARN}, {@code warn}); also {@code warning}. */
    public static LogLine.Level level(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("warning")) {
            n = "warn";
        }
        for (LogLine.Level l : LogLine.Level.values()) {
            if (l.wire().equals(n)) {
                return l;
            }
        }
        throw new IllegalArgumentException(
                "unknown level '"
                        + name
                        + "' (one of trace, debug, info, warn, error, fatal, unknown)");
    }

    static LogLine.Stream stream(String wire) {
        for (LogLine.Stream s : LogLine.Stream.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
