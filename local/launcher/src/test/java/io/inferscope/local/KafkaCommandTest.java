package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class KafkaCommandTest {
    @Test
    void takenPortExitsWithCode2AndOneLineWithoutStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            int port = taken.getLocalPort();

            CliRun run =
                    CliRun.of("kafka", "--port", String.valueOf(port), "--controller-port", "0");

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.errLines())
                    .containsExactly("error: port " + port + " is already in use");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void takenControllerPortIsTheSameClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            int port = taken.getLocalPort();

            CliRun run =
                    CliRun.of("kafka", "--port", "0", "--controller-port", String.valueOf(port));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.errLines())
                    .containsExactly("error: port " + port + " is already in use");
        }
    }
}
