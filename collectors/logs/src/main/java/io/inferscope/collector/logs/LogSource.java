package io.inferscope.collector.logs;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Objects;

/**
 * A set of files to follow: those under {@code root} whose path relative to it matches {@code glob}
 * (Java's glob syntax: {@code *} within a directory, {@code **} across). CRI files take their
 * identity from their path; plain files carry the one given.
 */
public record LogSource(Path root, String glob, LogFormat format, SourceIdentity identity) {
    public static final Path DEFAULT_CRI_ROOT = Path.of("/var/log/pods");

    /** {@code <namespace>_<pod>_<uid>/<container>/<restart>.log}. */
    public static final String DEFAULT_CRI_GLOB = "*/*/*.log";

    public LogSource {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(glob, "glob");
        Objects.requireNonNull(format, "format");
        if (format == LogFormat.PLAIN && identity == null) {
            throw new IllegalArgumentException("a plain source needs an identity");
        }
        FileSystems.getDefault().getPathMatcher("glob:" + glob); // fails early on a bad glob
    }

    /** CRI files under {@code root} matching {@code glob}. */
    public static LogSource cri(Path root, String glob) {
        return new LogSource(root, glob, LogFormat.CRI, null);
    }

    /** Plain files under {@code root} matching {@code glob}, all written by {@code identity}. */
    public static LogSource plain(Path root, String glob, SourceIdentity identity) {
        return new LogSource(root, glob, LogFormat.PLAIN, identity);
    }

    /**
     * One plain file (and nothing else in its directory), e.g. {@code /var/log/app/server.log}.
     * Renamed generations ({@code server.log.1}) are still followed to their end by inode.
     */
    public static LogSource plainFile(Path file, SourceIdentity identity) {
        Path abs = file.toAbsolutePath();
        String name = abs.getFileName().toString().replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
        return plain(abs.getParent(), name, identity);
    }

    PathMatcher matcher() {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }
}
