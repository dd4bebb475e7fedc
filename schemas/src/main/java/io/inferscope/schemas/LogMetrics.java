package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Log metrics for one window on {@code inferscope.metrics.logs}, per container (keyed {@code
 * namespace/pod/container}) or per deployment: lines by level and the error-line rate (error and
 * fatal lines per second).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogMetrics(
        @JsonProperty(required = true) long windowStartMs,
        @JsonProperty(required = true) long windowEndMs,
        @JsonProperty(required = true) int windowS,
        @JsonProperty(required = true) Scope scope,
        Labels labels,
        String container,
        long lines,
        Map<String, Long> linesByLevel,
        long errorLines,
        double errorLinesPerS) {

    public LogMetrics {
        Windows.check(windowStartMs, windowEndMs, windowS);
        Check.required("scope", scope);
        labels = labels == null ? Labels.EMPTY : labels;
        Check.nonNegative("lines", lines);
        linesByLevel = Check.nonNegativeMap("lines_by_level", linesByLevel);
        Check.nonNegative("error_lines", errorLines);
        Check.nonNegative("error_lines_per_s", errorLinesPerS);
    }
}
