package io.inferscope.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one measured phase of the closed-loop client saw.
 *
 * @param mode where the requests went
 * @param round 1-based A/B round this phase belongs to
 * @param ttftMicros client-side TTFT of the requests whose first token arrived in the window, µs
 * @param gatewayTtftMicros TTFT the gateway measured itself (arrival at the gateway → first content
 *     chunk there) for requests that ended in the window, µs; empty for direct phases
 * @param completed requests that ended well (status 200, every token, {@code [DONE]}) in the window
 * @param tokens content tokens of those requests
 * @param errors requests that failed in the window (status, broken stream, missing tokens)
 * @param seconds length of the measured window
 * @param cores CPU used in the window, in cores: per process ({@value #CLIENT}, {@value
 *     #SIMULATOR}, {@value #BROKER_PART}, {@value #GATEWAY_JVM}, from {@code /proc}), the gateway
 *     process's parts (thread CPU time, see {@link CpuMeter}: {@value #GATEWAY_PART}, {@value
 *     #GATEWAY_OTHER}) and {@value #JVM_TOTAL}; NaN where unknown
 */
record PhaseResult(
        Mode mode,
        int round,
        Histogram ttftMicros,
        Histogram gatewayTtftMicros,
        long completed,
        long tokens,
        long errors,
        double seconds,
        Map<String, Double> cores) {

    /** All four processes together. */
    static final String JVM_TOTAL = "all JVMs";

    static final String CLIENT = "client JVM";
    static final String SIMULATOR = "simulator JVM";
    static final String GATEWAY_JVM = "gateway JVM";

    /** The gateway process's threads that are the gateway (event loops, publisher, producer). */
    static final String GATEWAY_PART = "gateway";

    /** The broker's own process. */
    static final String BROKER_PART = "Kafka broker JVM";

    /** The gateway process's GC and JIT (not Java threads) and anything else. */
    static final String GATEWAY_OTHER = "gateway JVM: GC, JIT, other";

    /** The columns of the CPU table, in order. */
    static final java.util.List<String> CPU_COLUMNS =
            java.util.List.of(
                    CLIENT,
                    SIMULATOR,
                    BROKER_PART,
                    GATEWAY_JVM,
                    GATEWAY_PART,
                    GATEWAY_OTHER,
                    JVM_TOTAL);

    PhaseResult {
        cores = Map.copyOf(cores);
    }

    double processCores() {
        return cores.getOrDefault(JVM_TOTAL, Double.NaN);
    }

    double gatewayCores() {
        return cores.getOrDefault(GATEWAY_PART, Double.NaN);
    }

    enum Mode {
        DIRECT("direct"),
        /** The direct phase run a second time in the same round (A/A control). */
        CONTROL("direct again"),
        GATEWAY("gateway"),
        /** The reference proxy that only relays ({@link BareProxy}). */
        BARE_PROXY("bare proxy");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    String label() {
        return mode.label + " #" + round;
    }

    double requestsPerSecond() {
        return completed / seconds;
    }

    double tokensPerSecond() {
        return tokens / seconds;
    }

    double ttftMs(double percentile) {
        return Overhead.percentileMs(ttftMicros, percentile);
    }
}
