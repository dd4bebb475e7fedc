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
 * @param cores CPU used in the window, in cores, per part of the JVM (see {@link CpuMeter}) and
 *     {@value #JVM_TOTAL}; NaN where unknown
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

    static final String JVM_TOTAL = "JVM total";

    /** The part of the JVM that is the gateway (its event loops, publisher and producer). */
    static final String GATEWAY_PART = "gateway";

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
        GATEWAY("gateway");

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
