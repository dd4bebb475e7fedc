package io.inferscope.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What an operator sees when {@code inferscope collect logs} is given bad options. */
class CollectLogsCommandTest {
    @TempDir Path tmp;

    private record Run(int exit, String err) {}

    private Run run(String... args) {
        StringWriter err = new StringWriter();
        int exit =
                new CommandLine(new CollectLogsCommand())
                        .setErr(new PrintWriter(err, true))
                        .setOut(new PrintWriter(new StringWriter(), true))
                        .execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void anInvalidRedactionPatternIsOneClearLineAndExitTwo() {
        Run r = run("--redact", "([unclosed", "--metrics-port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines())
                .containsExactly("error: --redact: not a regular expression: ([unclosed");
    }

    @Test
    void aPlainFileWithoutAFullIdentityIsRejected() {
        Run r = run("--plain", tmp.resolve("app.log") + "=ns/pod");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: identity must be namespace/pod/container");
    }

    @Test
    void aMissingDeploymentMapIsRejected() {
        Run r = run("--deployment-map", tmp.resolve("absent.properties").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: deployment mapping file not found");
    }

    @Test
    void aLineCapAboveTheLimitIsRejected() {
        Run r = run("--max-line-bytes", "1000000");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("maxLineBytes must be within 64..65536");
    }

    @Test
    void optionsBecomeTheCollectorConfig() {
        CollectLogsCommand c = new CollectLogsCommand();
        new CommandLine(c)
                .parseArgs(
                        "--root",
                        tmp.toString(),
                        "--glob",
                        "*/*/*.log",
                        "--plain",
                        tmp.resolve("gw.log") + "=lab/gw-0/gateway/gateway",
                        "--checkpoint",
                        tmp.resolve("cp.json").toString(),
                        "--max-line-bytes",
                        "4096",
                        "--redact",
                        "hf_\\w+",
                        "--poll-interval",
                        "100ms",
                        "--cluster",
                        "c1",
                        "--node",
                        "n1",
                        "--from-end");
        LogsCollectorConfig config = c.config();
        assertThat(config.sources())
                .containsExactly(
                        LogSource.cri(tmp, "*/*/*.log"),
                        LogSource.plain(
                                tmp,
                                "gw.log",
                                new SourceIdentity("lab", "gw-0", "gateway", "gateway")));
        assertThat(config.checkpointFile()).isEqualTo(tmp.resolve("cp.json"));
        assertThat(config.maxLineBytes()).isEqualTo(4096);
        assertThat(config.extraRedactions())
                .extracting(Pattern::pattern)
                .containsExactly("hf_\\w+");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.cluster()).isEqualTo("c1");
        assertThat(config.node()).isEqualTo("n1");
        assertThat(config.fromStart()).isFalse();
    }
}
