package io.inferscope.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * What each endpoint answers from this instance's stores. Range parameters {@code from} and {@code
 * to} are epoch milliseconds; {@code to} defaults to now and {@code from} to one hour before {@code
 * to}; {@code window} is the window length in seconds (default 10).
 */
final class Routes {
    private static final long DEFAULT_RANGE_MS = 3_600_000L;
    private static final int MAX_FIELDS = 32;

    private final Views views;
    private final PrometheusMetrics prometheus;
    private final Clock clock;
    private final ExtraMetrics extra;

    /** More self-metrics appended to {@code /metrics} (the embedded notifier's). */
    interface ExtraMetrics {
        void write(Appendable out) throws java.io.IOException;
    }

    Routes(Views views, PrometheusMetrics prometheus, Clock clock) {
        this(views, prometheus, clock, out -> {});
    }

    Routes(Views views, PrometheusMetrics prometheus, Clock clock, ExtraMetrics extra) {
        this.views = views;
        this.prometheus = prometheus;
        this.clock = clock;
        this.extra = extra;
    }

    String metrics() {
        StringBuilder out = new StringBuilder(prometheus.render(clock.millis()));
        try {
            extra.write(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    JsonNode groups() {
        return views.groups();
    }

    /** {@code topic, group, field, from, to, window}. */
    JsonNode series(Query q) {
        StoreNames.Metrics m = StoreNames.Metrics.of(q.get("topic", "requests"));
        String group = q.required("group");
        String field = q.required("field");
        int window = q.intValue("window", 10);
        long to = q.longValue("to", clock.millis());
        long from = q.longValue("from", to - DEFAULT_RANGE_MS);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("topic", m.shortName()).put("group", group).put("field", field);
        out.put("window_s", window).put("from", from).put("to", to);
        out.set("points", views.series(m, group, window, field, from, to));
        return out;
    }

    /** {@code topic, group, fields (comma separated, at most 32), from, to, window}. */
    JsonNode columns(Query q) {
        StoreNames.Metrics m = StoreNames.Metrics.of(q.get("topic", "requests"));
        String group = q.required("group");
        List<String> fields =
                Arrays.stream(q.required("fields").split(","))
                        .map(String::trim)
                        .filter(f -> !f.isEmpty())
                        .distinct()
                        .toList();
        if (fields.isEmpty() || fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("fields must name 1 to " + MAX_FIELDS + " fields");
        }
        int window = q.intValue("window", 10);
        long to = q.longValue("to", clock.millis());
        long from = q.longValue("from", to - DEFAULT_RANGE_MS);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("topic", m.shortName()).put("group", group);
        out.put("window_s", window).put("from", from).put("to", to);
        fields.forEach(out.putArray("fields")::add);
        out.setAll(views.columns(m, group, window, fields, from, to));
        return out;
    }

    /** {@code topic, group, field, q, from, to, window}. */
    JsonNode percentile(Query q) {
        StoreNames.Metrics m = StoreNames.Metrics.of(q.get("topic", "requests"));
        long to = q.longValue("to", clock.millis());
        long from = q.longValue("from", to - DEFAULT_RANGE_MS);
        return views.percentile(
                m,
                q.required("group"),
                q.intValue("window", 10),
                q.required("field"),
                q.doubleValue("q"),
                from,
                to);
    }

    /** {@code state=active|recent} (default active). */
    JsonNode alerts(Query q) {
        return views.alerts(q.get("state", "active"));
    }

    /** {@code deployment} ({@code namespace/name} or a bare name), {@code limit} (default 100). */
    JsonNode events(Query q) {
        int limit = q.intValue("limit", 100);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        return views.events(q.required("deployment"), limit);
    }
}
