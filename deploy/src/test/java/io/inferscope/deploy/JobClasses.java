package io.inferscope.deploy;

import io.inferscope.jobs.common.JobConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The job classes of stream-jobs, as the module's convention names them: {@code
 * io.inferscope.jobs.<job>.<Name>Job}, read from the stream-jobs jar (or classes directory) on the
 * test class path.
 */
final class JobClasses {
    private static final Pattern JOB_CLASS =
            Pattern.compile("io/inferscope/jobs/[a-z0-9_]+/[A-Za-z0-9]+Job\\.class");

    private JobClasses() {}

    static Set<String> inStreamJobs() throws IOException {
        Path location;
        try {
            location =
                    Path.of(
                            JobConfig.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Set<String> out = new TreeSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> s = Files.walk(location)) {
                s.map(p -> location.relativize(p).toString().replace('\\', '/'))
                        .filter(n -> JOB_CLASS.matcher(n).matches())
                        .forEach(n -> out.add(className(n)));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream()
                        .map(e -> e.getName())
                        .filter(n -> JOB_CLASS.matcher(n).matches())
                        .forEach(n -> out.add(className(n)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no job classes in " + location);
        }
        return out;
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }
}
