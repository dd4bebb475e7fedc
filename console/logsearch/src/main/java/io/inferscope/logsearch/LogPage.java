package io.inferscope.logsearch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One page of a search, newest first.
 *
 * @param hits at most the query's limit
 * @param totalHits every line that matches the query (all pages), at the time of the search
 * @param nextCursor pass it back as the query's cursor for the next (older) page; null on the last
 * @param tookMs time spent searching
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogPage(List<LogHit> hits, long totalHits, String nextCursor, long tookMs) {

    public LogPage {
        hits = hits == null ? List.of() : List.copyOf(hits);
    }
}
