package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayCommandTest {
    @TempDir Path spool;

    @Test
    void aTakenPortIsOneLineAndExitCode2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            int code =
                    run(
                            err,
                            "--upstream",
                            "http://127.0.0.1:9",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(taken.getLocalPort()),
                            "--metrics-port",
                            "0",
                            "--bootstrap",
                            "127.0.0.1:1",
                            "--spool-dir",
                            spool.toString());
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().strip())
                    .isEqualTo("gateway: port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void aBadUpstreamIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = run(err, "--upstream", "localhost:8000", "--metrics-port", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("http://");
    }

    @Test
    void optionsBecomeTheGatewayConfig() {
        GatewayCommand cmd = new GatewayCommand();
        new CommandLine(cmd)
                .parseArgs(
                        "--upstream",
                        "a@n1=http://127.0.0.1:7001",
                        "--upstream",
                        "http://127.0.0.1:7002",
                        "--max-inflight-per-replica",
                        "4",
                        "--queue-timeout",
                        "1500ms",
                        "--upstream-timeout",
                        "2m",
                        "--cluster",
                        "prod",
                        "--namespace",
                        "llm",
                        "--deployment",
                        "vllm");
        GatewayConfig c = cmd.config();
        assertThat(c.upstreams()).extracting(Upstream::name).containsExactly("a", "127.0.0.1:7002");
        assertThat(c.upstreams().get(0).node()).isEqualTo("n1");
        assertThat(c.maxInflightPerReplica()).isEqualTo(4);
        assertThat(c.maxQueue()).isEqualTo(256);
        assertThat(c.queueTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.labels().deployment()).isEqualTo("vllm");
    }

    @Test
    void ejectionIsOnByDefaultAndConfigurable() {
        GatewayCommand defaults = new GatewayCommand();
        new CommandLine(defaults).parseArgs("--upstream", "http://127.0.0.1:7001");
        assertThat(defaults.config().ejectAfter()).isEqualTo(3);
        assertThat(defaults.config().ejectCooldown()).isEqualTo(Duration.ofSeconds(5));

        GatewayCommand off = new GatewayCommand();
        new CommandLine(off)
                .parseArgs(
                        "--upstream",
                        "http://127.0.0.1:7001",
                        "--eject-after",
                        "0",
                        "--eject-cooldown",
                        "2s");
        assertThat(off.config().ejectAfter()).isZero();
        assertThat(off.config().ejectCooldown()).isEqualTo(Duration.ofSeconds(2));
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new GatewayCommand());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }
}
