package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * One container log line on {@code inferscope.raw.logs}, keyed by {@code namespace/pod/container}.
 * {@code labels.replica} is the pod. {@code message} is the line after secret redaction; {@code
 * truncated} says it was cut at the collector's size cap.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogLine(
        @JsonProperty(required = true) long tsMs,
        Labels labels,
        String container,
        Stream stream,
        @JsonProperty(required = true) Level level,
        String message,
        String requestId,
        Map<String, String> attributes,
        Boolean truncated) {

    public LogLine {
        Check.timestamp("ts_ms", tsMs);
        labels = labels == null ? Labels.EMPTY : labels;
        Check.required("level", level);
        Check.required("message", message);
        attributes = Check.nullableMap("attributes", attributes);
    }

    public enum Stream implements WireEnum {
        STDOUT("stdout"),
        STDERR("stderr");

        private final String wire;

        Stream(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public enum Level implements WireEnum {
        TRACE("trace"),
        DEBUG("debug"),
        INFO("info"),
        WARN("warn"),
        ERROR("error"),
        FATAL("fatal"),
        UNKNOWN("unknown");

        private final String wire;

        Level(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }

        public boolean isErrorOrWorse() {
            return this == ERROR || this == FATAL;
        }
    }
}
