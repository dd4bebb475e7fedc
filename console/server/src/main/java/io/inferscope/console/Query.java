package io.inferscope.console;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The query parameters of one request, with typed getters that fail as 400s. */
record Query(Map<String, String> params) {

    static Query parse(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                out.put(decode(k), decode(v));
            }
        }
        return new Query(out);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    boolean forwarded() {
        return "1".equals(params.get("forwarded"));
    }

    String get(String name, String fallback) {
        String v = params.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    String required(String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing parameter '" + name + "'");
        }
        return v;
    }

    int intValue(String name, int fallback) {
        return (int) longValue(name, fallback);
    }

    long longValue(String name, long fallback) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' is not an integer: " + v);
        }
    }

    double doubleValue(String name) {
        String v = required(name);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' is not a number: " + v);
        }
    }
}
