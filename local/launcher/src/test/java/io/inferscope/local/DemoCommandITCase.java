package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole demo path in one JVM, as {@code ./inferscope demo} runs it: broker, simulated fleet,
 * gateway, simulated GPUs and Kubernetes objects, Flink MiniCluster with the request, GPU and
 * cluster jobs, load generator, incidents and live summary — on free ports so it can run beside
 * anything, with the scenario compressed to 0.3× (incidents within ~45 s). The summary only prints
 * windows it read back from the {@code inferscope.metrics.*} topics with read_committed, so a
 * printed row proves the records went simulator/collector → Kafka → Flink → Kafka → consumer.
 */
class DemoCommandITCase {
    private static final Pattern GROUP_ROW =
            Pattern.compile(
                    "\\s+llm-chat / llama-3\\.1-8b-instruct\\s+(\\d+\\.\\d)\\s+\\S+\\s+\\S+\\s+(\\d+)ms/(\\d+)ms.*");
    private static final Pattern CLUSTER_ROW =
            Pattern.compile("\\s+cluster demo/llm-chat\\s+ready (\\d+)/(\\d+).*restarts (\\d+).*");
    private static final Pattern GPU_ROW =
            Pattern.compile(
                    "\\s+(llama-7b-\\d) \\(node-\\d\\)\\s+\\d+%/\\d+%\\s+(\\d+\\.\\d)%\\s.*");

    @Test
    void demoShowsRequestGpuAndClusterWindowsThroughTheIncidents() {
        CliRun run =
                CliRun.of(
                        "demo",
                        "--duration",
                        "65s",
                        "--rate",
                        "5",
                        "--scenario-scale",
                        "0.3",
                        "--kafka-port",
                        "0",
                        "--gateway-port",
                        "0",
                        "--flink-port",
                        "0",
                        "--sim-port",
                        "0",
                        "--console-port",
                        "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String out = run.out();
        assertThat(out)
                .contains(
                        "InferScope demo is running",
                        "[incident] hpa scale-up llm-chat 3→4 started",
                        "[incident] crash-loop llama-7b-1 started",
                        "[incident] crash-loop llama-7b-1 ended",
                        "[incident] gpu-memory-pressure llama-7b-2 started",
                        "[alert] FIRING   ContainerRestarting",
                        "Stopped; temporary files removed.");
        assertRequestRows(run.outLines(), out);
        assertClusterRows(run.outLines(), out);
        assertGpuRows(run.outLines(), out);
    }

    private static void assertRequestRows(List<String> lines, String out) {
        List<Matcher> rows = matching(lines, GROUP_ROW);
        assertThat(rows).as(out).isNotEmpty();
        for (Matcher m : rows) {
            double rps = Double.parseDouble(m.group(1));
            int ttftP50 = Integer.parseInt(m.group(2));
            int ttftP99 = Integer.parseInt(m.group(3));
            assertThat(rps).isGreaterThan(0);
            assertThat(ttftP50).isPositive().isLessThanOrEqualTo(ttftP99);
        }
        assertThat(out).contains("replica llama-7b-0");
        assertThat(out).contains("console (REST, /metrics) http://localhost:");
    }

    /** The crash-loop shows as restarts and fewer ready replicas; the scale-up as a delay. */
    private static void assertClusterRows(List<String> lines, String out) {
        List<Matcher> rows = matching(lines, CLUSTER_ROW);
        assertThat(rows).as(out).isNotEmpty();
        assertThat(rows)
                .as("a window with restarts\n" + out)
                .anyMatch(m -> Integer.parseInt(m.group(3)) > 0);
        assertThat(rows)
                .as("a window with ready < desired\n" + out)
                .anyMatch(m -> Integer.parseInt(m.group(1)) < Integer.parseInt(m.group(2)));
        assertThat(lines)
                .as("a window with a scheduling delay\n" + out)
                .anyMatch(l -> CLUSTER_ROW.matcher(l).matches() && l.contains("sched p99 "));
    }

    /** The pressured GPU reaches ≥ 95 % memory used in some window; the others stay below. */
    private static void assertGpuRows(List<String> lines, String out) {
        List<Matcher> rows = matching(lines, GPU_ROW);
        assertThat(rows).as(out).isNotEmpty();
        assertThat(rows)
                .as("llama-7b-2 under memory pressure\n" + out)
                .anyMatch(
                        m ->
                                m.group(1).equals("llama-7b-2")
                                        && Double.parseDouble(m.group(2)) >= 95.0);
        assertThat(rows)
                .filteredOn(m -> m.group(1).equals("llama-7b-0"))
                .allMatch(m -> Double.parseDouble(m.group(2)) < 95.0);
    }

    private static List<Matcher> matching(List<String> lines, Pattern p) {
        return lines.stream().map(p::matcher).filter(Matcher::matches).toList();
    }
}
