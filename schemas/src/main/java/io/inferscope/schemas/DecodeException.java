package io.inferscope.schemas;

/**
 * The one exception a {@link RecordCodec} throws when bytes are not a valid record. It names the
 * JSON path of the offending field (e.g. {@code $.labels.model}) where one is known, so a
 * dead-letter record or a 400 answer can say exactly what was wrong.
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public DecodeException(String path, String reason) {
        this(path, reason, null);
    }

    public DecodeException(String path, String reason, Throwable cause) {
        super(path == null || path.isEmpty() ? reason : path + ": " + reason, cause);
        this.path = path == null ? "" : path;
        this.reason = reason;
    }

    /** JSON path of the field at fault ({@code $} for the whole record), never null. */
    public String path() {
        return path;
    }

    /** What was wrong, without the path. */
    public String reason() {
        return reason;
    }
}
