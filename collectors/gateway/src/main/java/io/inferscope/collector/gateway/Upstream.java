package io.inferscope.collector.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One model-server replica behind the gateway: where it is and how it is labelled.
 *
 * <p>Command-line forms: {@code URL}, {@code name=URL} or {@code name@node=URL}, e.g. {@code
 * http://10.0.0.7:8000}, {@code vllm-0=http://10.0.0.7:8000/}, {@code
 * vllm-0@gpu-node-3=http://10.0.0.7:8000}. Without a name the replica label is {@code host:port}. A
 * path in the URL is a base path that request paths are appended to.
 *
 * @param name the {@code replica} label of records served by it
 * @param node the {@code node} label, or null when unknown
 */
public record Upstream(
        String name, String node, String host, int port, boolean ssl, String basePath) {

    public Upstream {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("upstream host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("upstream port out of range: " + port);
        }
        name = name == null || name.isBlank() ? host + ":" + port : name;
        basePath = trimSlash(basePath == null ? "" : basePath);
    }

    /** Parses {@code URL}, {@code name=URL} or {@code name@node=URL}. */
    public static Upstream parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        String name = null;
        String node = null;
        int eq = s.indexOf('=');
        int scheme = s.indexOf("://");
        if (eq > 0 && (scheme < 0 || eq < scheme)) {
            name = s.substring(0, eq).trim();
            s = s.substring(eq + 1).trim();
            int at = name.indexOf('@');
            if (at >= 0) {
                node = name.substring(at + 1).trim();
                name = name.substring(0, at).trim();
                node = node.isEmpty() ? null : node;
            }
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an upstream URL: '" + s + "'", e);
        }
        String sch = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!sch.equals("http") && !sch.equals("https")) {
            throw new IllegalArgumentException(
                    "upstream URL must start with http:// or https://: '" + s + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("upstream URL has no host: '" + s + "'");
        }
        boolean ssl = sch.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        return new Upstream(name, node, uri.getHost(), port, ssl, uri.getRawPath());
    }

    /** The request URI to send upstream for a client request URI ({@code /v1/...?...}). */
    String upstreamUri(String clientUri) {
        return basePath + clientUri;
    }

    private static String trimSlash(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
