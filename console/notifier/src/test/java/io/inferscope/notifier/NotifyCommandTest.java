package io.inferscope.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NotifyCommandTest {
    @Test
    void invalidConfigIsAClearErrorAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path config =
                Files.writeString(
                        dir.resolve("notifiers.yaml"),
                        "targets:\n  - {name: pd, type: pagerduty, routing_key: '${NO_SUCH_VAR_X1}'}\n");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new NotifyCommand()).setErr(new PrintWriter(err));

        int code = cli.execute("--config", config.toString(), "--bootstrap", "127.0.0.1:1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("targets[0].routing_key: environment variable NO_SUCH_VAR_X1 is not set");
    }

    @Test
    void configOptionIsRequired() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new NotifyCommand()).setErr(new PrintWriter(err)).execute();

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--config");
    }
}
