package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole demo path in one JVM, as {@code ./inferscope demo} runs it: broker, simulated fleet,
 * gateway, Flink MiniCluster with the request job, load generator and live summary — on free ports
 * so it can run beside anything. The summary only prints windows it read back from {@code
 * inferscope.metrics.requests} with read_committed, so a printed window with TTFT percentiles
 * proves the records went collector → Kafka → Flink → Kafka → consumer.
 */
class DemoCommandITCase {
    private static final Pattern GROUP_ROW =
            Pattern.compile(
                    "\\s+llm-chat / llama-3\\.1-8b-instruct\\s+(\\d+\\.\\d)\\s+\\S+\\s+\\S+\\s+(\\d+)ms/(\\d+)ms.*");

    @Test
    void demoPrintsLiveWindowsWithTtftPercentilesAndCleansUp() {
        CliRun run =
                CliRun.of(
                        "demo",
                        "--duration",
                        "50s",
                        "--rate",
                        "5",
                        "--kafka-port",
                        "0",
                        "--gateway-port",
                        "0",
                        "--flink-port",
                        "0",
                        "--sim-port",
                        "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("InferScope demo is running", "Stopped; temporary files removed.");
        List<String> rows =
                run.outLines().stream().filter(l -> GROUP_ROW.matcher(l).matches()).toList();
        assertThat(rows).as(run.out()).isNotEmpty();
        for (String row : rows) {
            var m = GROUP_ROW.matcher(row);
            assertThat(m.matches()).isTrue();
            double rps = Double.parseDouble(m.group(1));
            int ttftP50 = Integer.parseInt(m.group(2));
            int ttftP99 = Integer.parseInt(m.group(3));
            assertThat(rps).isGreaterThan(0);
            assertThat(ttftP50).isPositive().isLessThanOrEqualTo(ttftP99);
        }
        assertThat(run.out()).contains("replica llama-7b-0");
    }
}
