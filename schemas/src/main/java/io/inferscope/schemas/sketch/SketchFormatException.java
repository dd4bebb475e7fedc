package io.inferscope.schemas.sketch;

/**
 * A serialized sketch that cannot be read: bad base64, malformed protobuf bytes, a negative or
 * infinite bin count, or another index mapping than {@link QuantileSketches} writes (merging such a
 * sketch would silently mix bin boundaries). An {@link IllegalArgumentException}, so callers that
 * treat bad input as a client error keep doing so.
 */
public final class SketchFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SketchFormatException(String message) {
        super(message);
    }

    public SketchFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
