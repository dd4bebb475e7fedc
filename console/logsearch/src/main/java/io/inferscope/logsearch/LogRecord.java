package io.inferscope.logsearch;

import io.inferscope.schemas.LogLine;
import java.util.Objects;

/** A decoded line with its source position: the unit {@link LogIndex#index} takes. */
public record LogRecord(LogPosition position, LogLine line) {

    public LogRecord {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(line, "line");
    }
}
