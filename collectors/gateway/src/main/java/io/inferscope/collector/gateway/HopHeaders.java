package io.inferscope.collector.gateway;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies headers between the client and the upstream the way an HTTP/1.1 proxy must (RFC 9110
 * §7.6.1): hop-by-hop headers, and any header the {@code Connection} header names, stay on their
 * hop. Everything else, credentials included, is forwarded as is — and never recorded. Public for
 * the bench's reference proxy, which must handle headers exactly as the gateway does.
 */
public final class HopHeaders {
    private static final Set<String> HOP_BY_HOP =
            Set.of(
                    "connection",
                    "keep-alive",
                    "proxy-authenticate",
                    "proxy-authorization",
                    "proxy-connection",
                    "te",
                    "trailer",
                    "transfer-encoding",
                    "upgrade",
                    // Set per hop by the sender: the body may be rewritten or re-framed.
                    "content-length",
                    "host",
                    "expect");

    private HopHeaders() {}

    /**
     * Copies end-to-end headers from {@code from} to {@code to}, leaving out hop-by-hop ones and
     * those named in {@code extraSkip} (lower case).
     */
    public static void copy(MultiMap from, MultiMap to, Set<String> extraSkip) {
        Set<String> named = connectionTokens(from);
        for (Map.Entry<String, String> e : from) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name) || extraSkip.contains(name)) {
                continue;
            }
            to.add(e.getKey(), e.getValue());
        }
    }

    private static Set<String> connectionTokens(MultiMap headers) {
        Set<String> names = new HashSet<>();
        for (String value : headers.getAll("connection")) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    names.add(t);
                }
            }
        }
        return names;
    }
}
