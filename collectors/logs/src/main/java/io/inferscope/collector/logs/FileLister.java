package io.inferscope.collector.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lists the files of the sources, each known by its {@code fileKey}. Directories and files that
 * vanish or cannot be read while being listed are skipped: a listing never fails.
 */
final class FileLister {
    private static final int MAX_DEPTH = 16;

    /** A file found under a source. */
    record Found(String key, Path path, LogSource source) {}

    private FileLister() {}

    /** The file's key: device and inode where the file system has them, else its path. */
    static String keyOf(Path path, BasicFileAttributes attrs) {
        Object k = attrs.fileKey();
        return k != null ? k.toString() : "path:" + path.toAbsolutePath().normalize();
    }

    /** Every regular file matching a source, by key; the first source to list a file wins. */
    static Map<String, Found> list(Iterable<LogSource> sources) {
        Map<String, Found> out = new LinkedHashMap<>();
        for (LogSource s : sources) {
            list(s, out);
        }
        return out;
    }

    private static void list(LogSource source, Map<String, Found> out) {
        Path root = source.root();
        if (!Files.isDirectory(root)) {
            return;
        }
        PathMatcher matcher = source.matcher();
        try {
            Files.walkFileTree(
                    root,
                    EnumSet.noneOf(FileVisitOption.class),
                    MAX_DEPTH,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && matcher.matches(root.relativize(file))) {
                                out.putIfAbsent(
                                        keyOf(file, attrs),
                                        new Found(keyOf(file, attrs), file, source));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE; // gone or unreadable: skip it
                        }
                    });
        } catch (IOException e) {
            // walkFileTree reports per-file failures to the visitor; this is the root vanishing
        }
    }

    /**
     * The file with this key in {@code dir} (not below), whatever its name: a file renamed away by
     * rotation while the collector was down.
     */
    static Optional<Path> findInDirectory(Path dir, String key) {
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile() && keyOf(p, a).equals(key)) {
                        return Optional.of(p);
                    }
                } catch (IOException e) {
                    // vanished meanwhile
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
