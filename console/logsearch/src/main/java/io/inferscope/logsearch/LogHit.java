package io.inferscope.logsearch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;

/**
 * One matching line as the search returns it. {@code labels.replica} is the pod. JSON names are
 * snake_case whatever mapper writes it ({@code ts_ms}, {@code request_id}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogHit(
        long tsMs,
        Labels labels,
        String container,
        LogLine.Stream stream,
        LogLine.Level level,
        String message,
        String requestId,
        boolean truncated) {}
