package io.inferscope.logsearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.inferscope.schemas.LogLine;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/logs}: query parameters in, a JSON {@link LogPage} out. The console server
 * hands it the raw query string and writes back the status and body; bad parameters answer 400 with
 * {@code {"error": "..."}}, never a stack trace. The parameters are listed in the module README
 * ("REST contract"); unknown ones are refused so that a typo does not widen a search.
 */
public final class LogSearchHttp {
    public static final String PATH = "/api/v1/logs";
    public static final String CONTENT_TYPE = "application/json";

    private static final Logger LOG = LoggerFactory.getLogger(LogSearchHttp.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Set<String> KNOWN =
            Set.of(
                    "q",
                    "namespace",
                    "pod",
                    "container",
                    "deployment",
                    "level",
                    "min_level",
                    "since_ms",
                    "until_ms",
                    "since",
                    "until",
                    "request_id",
                    "limit",
                    "cursor",
                    "forwarded");

    /** What to answer: status and JSON body. */
    public record Response(int status, byte[] body) {
        public String contentType() {
            return CONTENT_TYPE;
        }
    }

    private final LogSearch search;
    private final Clock clock;

    public LogSearchHttp(LogSearch search, Clock clock) {
        this.search = search;
        this.clock = clock;
    }

    /**
     * @param rawQuery {@code URI.getRawQuery()}: still percent-encoded; may be null
     */
    public Response handle(String rawQuery) {
        Map<String, List<String>> params;
        try {
            params = parseQueryString(rawQuery);
        } catch (IllegalArgumentException e) {
            return error(400, "bad query string: " + e.getMessage());
        }
        return handle(params);
    }

    public Response handle(Map<String, List<String>> params) {
        try {
            LogPage page = search.search(toQuery(params, clock.millis()));
            return new Response(200, MAPPER.writeValueAsBytes(page));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return error(503, "log store not available: " + e.getMessage());
        } catch (UncheckedIOException | JsonProcessingException e) {
            LOG.warn("log search failed: {}", e.toString());
            return error(500, "log search failed: " + e.getMessage());
        }
    }

    /** The query the parameters ask for. @throws IllegalArgumentException saying which is bad */
    public static LogQuery toQuery(Map<String, List<String>> params, long nowMs) {
        for (String key : params.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown parameter '" + key + "'; known: " + String.join(", ", sorted()));
            }
        }
        LogQuery.Builder b = LogQuery.builder().text(single(params, "q"));
        values(params, "namespace").forEach(b::namespace);
        values(params, "pod").forEach(b::pod);
        values(params, "container").forEach(b::container);
        values(params, "deployment").forEach(b::deployment);
        LogLine.Level min = null;
        for (String level : values(params, "level")) {
            if (level.endsWith("+")) { // "warn+": at least warn
                min = LogFields.level(level.substring(0, level.length() - 1));
            } else {
                b.level(LogFields.level(level));
            }
        }
        String minLevel = single(params, "min_level");
        if (minLevel != null) {
            min = LogFields.level(minLevel);
        }
        b.minLevel(min);
        b.since(time(params, "since", nowMs)).until(time(params, "until", nowMs));
        b.requestId(single(params, "request_id")).cursor(single(params, "cursor"));
        String limit = single(params, "limit");
        b.limit(limit == null ? LogQuery.DEFAULT_LIMIT : integer("limit", limit));
        return b.build();
    }

    /** {@code a=1&b=x%20y&a=2} → {a: [1, 2], b: [x y]}; '+' is a space. */
    public static Map<String, List<String>> parseQueryString(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** since_ms / until_ms (epoch ms) or since / until ({@link TimeSpec}, UTC for local times). */
    private static Long time(Map<String, List<String>> params, String name, long nowMs) {
        String ms = single(params, name + "_ms");
        String spec = single(params, name);
        if (ms != null && spec != null) {
            throw new IllegalArgumentException("give " + name + " or " + name + "_ms, not both");
        }
        if (ms != null) {
            return (long) integerLong(name + "_ms", ms);
        }
        return spec == null ? null : TimeSpec.parse(spec, nowMs, ZoneOffset.UTC);
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> v = params.getOrDefault(name, List.of());
        if (v.size() > 1) {
            throw new IllegalArgumentException("parameter '" + name + "' given more than once");
        }
        return v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
    }

    /** Repeated parameters and comma-separated values both add values. */
    private static List<String> values(Map<String, List<String>> params, String name) {
        List<String> out = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static int integer(String name, String value) {
        long v = integerLong(name, value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is out of range: " + value);
        }
        return (int) v;
    }

    private static long integerLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static List<String> sorted() {
        return KNOWN.stream().filter(k -> !k.equals("forwarded")).sorted().toList();
    }

    private static Response error(int status, String message) {
        try {
            byte[] body = MAPPER.writeValueAsBytes(Map.of("error", String.valueOf(message)));
            return new Response(status, body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a one-entry string map always serialises
        }
    }
}
