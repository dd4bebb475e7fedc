package io.inferscope.deploy;

import io.inferscope.collector.core.PublisherMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names InferScope serves to Prometheus, read from the code that writes them: the
 * console's {@code PrometheusMetrics} (package-private, so read as source) and the collectors'
 * {@code PublisherMetrics} ({@code PREFIX + "name"}).
 */
final class ServedSeries {
    private static final Path CONSOLE =
            Path.of("console/server/src/main/java/io/inferscope/console/PrometheusMetrics.java");
    private static final Path PUBLISHER =
            Path.of(
                    "collectors/core/src/main/java/io/inferscope/collector/core/PublisherMetrics.java");
    private static final Pattern LITERAL = Pattern.compile("\"(inferscope_[a-z_]+)\"");
    private static final Pattern PREFIXED = Pattern.compile("PREFIX \\+ \"([a-z_]+)\"");

    private ServedSeries() {}

    static Set<String> names() throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = LITERAL.matcher(read(CONSOLE));
        while (m.find()) {
            out.add(m.group(1));
        }
        Matcher p = PREFIXED.matcher(read(PUBLISHER));
        while (p.find()) {
            out.add(PublisherMetrics.PREFIX + p.group(1));
        }
        return out;
    }

    private static String read(Path relative) throws IOException {
        Path file = DeployDir.repositoryRoot().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is gone: update ServedSeries");
        }
        return Files.readString(file);
    }
}
