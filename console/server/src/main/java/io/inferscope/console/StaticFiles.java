package io.inferscope.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files, read from the class path: {@code /} and {@code /<file>} from {@code
 * io/inferscope/console/web/}, {@code /webjars/<name>/<version>/<file>} from a WebJar's {@code
 * META-INF/resources/webjars/} (the chart library arrives as a Maven dependency, no npm step).
 *
 * <p>Caching: a WebJar path carries its version, so its bytes never change under that URL and are
 * cached for a year as {@code immutable}. The console's own files keep their URLs across upgrades,
 * so they are {@code no-cache} with a strong {@code ETag}: the browser revalidates each load and
 * gets a bodiless 304 when nothing changed. Files are read once and kept (they are small and only
 * change with the jar).
 */
final class StaticFiles {
    // Under the package, not a bare "web/": flink-runtime-web ships its own web/index.html, and
    // in the demo both jars share one class path.
    static final String WEB_ROOT = "io/inferscope/console/web/";
    static final String WEBJARS_PREFIX = "/webjars/";
    private static final String WEBJARS_ROOT = "META-INF/resources/webjars/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    private static final Map<String, String> TYPES =
            Map.ofEntries(
                    Map.entry("html", "text/html; charset=utf-8"),
                    Map.entry("js", "text/javascript; charset=utf-8"),
                    Map.entry("mjs", "text/javascript; charset=utf-8"),
                    Map.entry("css", "text/css; charset=utf-8"),
                    Map.entry("json", "application/json"),
                    Map.entry("map", "application/json"),
                    Map.entry("svg", "image/svg+xml"),
                    Map.entry("png", "image/png"),
                    Map.entry("ico", "image/x-icon"),
                    Map.entry("txt", "text/plain; charset=utf-8"),
                    Map.entry("md", "text/plain; charset=utf-8"));

    /** One file ready to send. */
    record File(byte[] body, String contentType, String cacheControl, String etag) {}

    private final ClassLoader loader;
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    StaticFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The file for a request path, or empty (a 404) for unknown or unsafe paths. */
    Optional<File> lookup(String path) {
        if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("//")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(path, this::load);
    }

    private Optional<File> load(String path) {
        String resource;
        String cacheControl;
        if (path.startsWith(WEBJARS_PREFIX)) {
            resource = WEBJARS_ROOT + path.substring(WEBJARS_PREFIX.length());
            cacheControl = IMMUTABLE;
        } else {
            resource = WEB_ROOT + (path.equals("/") ? "index.html" : path.substring(1));
            cacheControl = REVALIDATE;
        }
        if (resource.endsWith("/")) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            return Optional.of(new File(body, contentType(resource), cacheControl, etag(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }

    /** Whether an {@code If-None-Match} header names this ETag (or is {@code *}). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
