package io.inferscope.bench.footprint;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The class path a collector runs with as deployed: its own module's jar and runtime dependencies
 * (asked of Maven: {@code mvnw -o -f collectors/<name>/pom.xml dependency:build-classpath}), the
 * log4j binding an application adds, and the harness's own classes for {@link FootprintMain}.
 *
 * <p>Not the harness's class path: that one also holds Flink, the Kafka broker, fabric8's mock
 * server and the rest of the bench, and a JVM reads the central directory of every jar that a class
 * or resource lookup walks past into its heap (about 9 MiB for the bench's ~250 jars, a tenth of a
 * collector's footprint) although it loads no class from them.
 */
final class CollectorClassPath {
    private static final long MAVEN_TIMEOUT_S = 300;

    private CollectorClassPath() {}

    /**
     * @param harness the harness's class path
     * @return the collector's class path, or null when Maven could not say (the caller falls back)
     */
    static String of(String collector, Path repoRoot, Path work, String harness)
            throws InterruptedException {
        Path out = work.resolve(collector + ".classpath");
        Path log = work.resolve(collector + ".classpath.log");
        List<String> cmd =
                List.of(
                        repoRoot.resolve("mvnw").toString(),
                        "-B",
                        "-o",
                        "-q",
                        "-f",
                        repoRoot.resolve("collectors")
                                .resolve(collector)
                                .resolve("pom.xml")
                                .toString(),
                        "dependency:build-classpath",
                        "-DincludeScope=runtime",
                        "-Dmdep.outputFile=" + out);
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .directory(repoRoot.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!p.waitFor(MAVEN_TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            List<String> deps =
                    Arrays.asList(Files.readString(out).trim().split(File.pathSeparator));
            return compose(collector, deps, Arrays.asList(harness.split(File.pathSeparator)));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The collector's jar (as the harness has it), its dependencies, log4j, the harness classes.
     */
    static String compose(String collector, List<String> deps, List<String> harness) {
        Set<String> cp = new LinkedHashSet<>();
        String module = "inferscope-collector-" + collector;
        List<String> logging = new ArrayList<>();
        for (String entry : harness) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith(module + "-") || entry.contains("/collectors/" + collector + "/")) {
                cp.add(entry);
            } else if (name.startsWith("log4j-api-")
                    || name.startsWith("log4j-core-")
                    || name.startsWith("log4j-slf4j2-impl-")) {
                logging.add(entry);
            }
        }
        cp.addAll(deps);
        cp.addAll(logging);
        cp.add(ownCodeSource());
        return String.join(File.pathSeparator, cp);
    }

    private static String ownCodeSource() {
        try {
            return Path.of(
                            FootprintMain.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
