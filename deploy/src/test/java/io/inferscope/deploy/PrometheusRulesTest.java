package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus/inferscope-rules.yaml: promtool accepts it, its alerts fire on the series they
 * are written for (promtool's rule unit tests), and it only names series InferScope serves.
 */
class PrometheusRulesTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Pattern METRIC = Pattern.compile("\\b(inferscope_[a-z_]+)\\b");

    private final Path rules = DeployDir.root().resolve("prometheus/inferscope-rules.yaml");

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        String out = promtool(DeployDir.root(), "check", "rules", rules.toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void alertsFireOnTheSeriesTheyAreWrittenFor(@TempDir Path tmp) throws Exception {
        Files.copy(rules, tmp.resolve("inferscope-rules.yaml"));
        try (InputStream in =
                getClass().getResourceAsStream("/prometheus/inferscope-rules.test.yaml")) {
            assertThat(in).as("the promtool unit test file").isNotNull();
            Files.copy(
                    in,
                    tmp.resolve("inferscope-rules.test.yaml"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        String out = promtool(tmp, "test", "rules", "inferscope-rules.test.yaml");
        assertThat(out).contains("SUCCESS");
    }

    /** Every inferscope_* series in the rules is one the console or a collector exposes. */
    @Test
    void rulesNameOnlySeriesThatAreServed() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = METRIC.matcher(Files.readString(rules));
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> served = ServedSeries.names();
        // Recording rules' own names ("level:metric:operation") contain served names, not new ones.
        assertThat(used).isNotEmpty();
        assertThat(served).containsAll(used);
    }

    private static String promtool(Path dir, String... args) throws Exception {
        if (!Files.isExecutable(PROMTOOL)) {
            throw new AssertionError(
                    PROMTOOL
                            + " is missing: install Debian's prometheus package"
                            + " (apt-get install prometheus), as .ci/run does");
        }
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        // Output to a file, not a pipe: a hung promtool then cannot block the read past the
        // timeout.
        Path log = Files.createTempFile("promtool", ".log");
        try {
            Process p =
                    new ProcessBuilder(command)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("promtool did not finish in 60 s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
