package io.inferscope.collector.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Writes log files the way the kubelet's runtimes and plain servers do, for tests. */
final class LogFiles {
    static final Instant T0 = Instant.parse("2025-11-29T10:15:42.123456789Z");
    static final long T0_MS = T0.toEpochMilli();

    private LogFiles() {}

    /** {@code root/<ns>_<pod>_<uid>/<container>/0.log}, directories created. */
    static Path criFile(Path root, String ns, String pod, String container) {
        Path dir =
                root.resolve(ns + "_" + pod + "_0b8e4c1e-7d3a-4f5e-9d2c-1a2b3c4d5e6f")
                        .resolve(container);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve("0.log");
    }

    /** One CRI line: {@code <ts> <stream> <tag> <message>\n}, ts = T0 + {@code i} ms. */
    static String cri(int i, String stream, String tag, String message) {
        return T0.plusMillis(i) + " " + stream + " " + tag + " " + message + "\n";
    }

    /** {@code n} full stdout lines "line-<from>" .. "line-<from+n-1>". */
    static String criLines(int from, int n) {
        StringBuilder b = new StringBuilder();
        IntStream.range(from, from + n).forEach(i -> b.append(cri(i, "stdout", "F", "line-" + i)));
        return b.toString();
    }

    static List<String> names(int from, int n) {
        List<String> out = new ArrayList<>();
        IntStream.range(from, from + n).forEach(i -> out.add("line-" + i));
        return out;
    }

    static void append(Path file, String text) {
        append(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void append(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
