package io.inferscope.logsearch;

import io.inferscope.schemas.LogLine;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A log search. Every part is optional; parts combine with AND, the values of one multi-valued
 * filter with OR.
 *
 * @param text Lucene classic query syntax over the message: terms (all must match), {@code
 *     "phrases"}, {@code OR}, {@code NOT}/{@code -}, {@code prefix*}, and {@code field:value} on
 *     the keyword fields of {@link LogFields#KEYWORDS}; null or blank = every line
 * @param levels exact levels (any of)
 * @param minLevel at least this severity ({@code warn} = warn, error, fatal)
 * @param sinceMs inclusive lower bound of the line's time (epoch ms)
 * @param untilMs exclusive upper bound of the line's time (epoch ms)
 * @param limit page size, 1 to {@value #MAX_LIMIT}
 * @param cursor {@link LogPage#nextCursor()} of the previous page; null for the first page
 */
public record LogQuery(
        String text,
        Set<String> namespaces,
        Set<String> pods,
        Set<String> containers,
        Set<String> deployments,
        Set<LogLine.Level> levels,
        LogLine.Level minLevel,
        Long sinceMs,
        Long untilMs,
        String requestId,
        int limit,
        String cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_TEXT_CHARS = 2000;

    public LogQuery {
        text = text == null || text.isBlank() ? null : text.trim();
        namespaces = Set.copyOf(namespaces == null ? Set.of() : namespaces);
        pods = Set.copyOf(pods == null ? Set.of() : pods);
        containers = Set.copyOf(containers == null ? Set.of() : containers);
        deployments = Set.copyOf(deployments == null ? Set.of() : deployments);
        levels = Set.copyOf(levels == null ? Set.of() : levels);
        requestId = requestId == null || requestId.isBlank() ? null : requestId;
        cursor = cursor == null || cursor.isBlank() ? null : cursor;
        if (text != null && text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException(
                    "query text is longer than " + MAX_TEXT_CHARS + " characters");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (sinceMs != null && untilMs != null && sinceMs >= untilMs) {
            throw new IllegalArgumentException(
                    "since (" + sinceMs + ") must be before until (" + untilMs + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same query for the page after {@code page} (null when there is none). */
    public LogQuery next(LogPage page) {
        if (page.nextCursor() == null) {
            return null;
        }
        return new LogQuery(
                text,
                namespaces,
                pods,
                containers,
                deployments,
                levels,
                minLevel,
                sinceMs,
                untilMs,
                requestId,
                limit,
                page.nextCursor());
    }

    /** Builds a {@link LogQuery}; filters accumulate. */
    public static final class Builder {
        private String text;
        private final Set<String> namespaces = new LinkedHashSet<>();
        private final Set<String> pods = new LinkedHashSet<>();
        private final Set<String> containers = new LinkedHashSet<>();
        private final Set<String> deployments = new LinkedHashSet<>();
        private final Set<LogLine.Level> levels = new LinkedHashSet<>();
        private LogLine.Level minLevel;
        private Long sinceMs;
        private Long untilMs;
        private String requestId;
        private int limit = DEFAULT_LIMIT;
        private String cursor;

        public Builder text(String t) {
            this.text = t;
            return this;
        }

        public Builder namespace(String... values) {
            namespaces.addAll(Set.of(values));
            return this;
        }

        public Builder pod(String... values) {
            pods.addAll(Set.of(values));
            return this;
        }

        public Builder container(String... values) {
            containers.addAll(Set.of(values));
            return this;
        }

        public Builder deployment(String... values) {
            deployments.addAll(Set.of(values));
            return this;
        }

        public Builder level(LogLine.Level... values) {
            levels.addAll(Set.of(values));
            return this;
        }

        public Builder minLevel(LogLine.Level l) {
            this.minLevel = l;
            return this;
        }

        public Builder since(Long ms) {
            this.sinceMs = ms;
            return this;
        }

        public Builder until(Long ms) {
            this.untilMs = ms;
            return this;
        }

        public Builder requestId(String id) {
            this.requestId = id;
            return this;
        }

        public Builder limit(int n) {
            this.limit = n;
            return this;
        }

        public Builder cursor(String c) {
            this.cursor = c;
            return this;
        }

        public LogQuery build() {
            return new LogQuery(
                    text,
                    namespaces,
                    pods,
                    containers,
                    deployments,
                    levels,
                    minLevel,
                    sinceMs,
                    untilMs,
                    requestId,
                    limit,
                    cursor);
        }
    }
}
