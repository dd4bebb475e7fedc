package io.inferscope.bench;

import io.inferscope.bench.PhaseResult.Mode;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The gateway's cost from A/B phases: added TTFT is the gateway's percentile minus the direct one
 * (a difference of percentiles, not a percentile of differences: requests are not paired), and the
 * throughput ratio is gateway over direct. Across rounds each figure is the median of the rounds'
 * values, so one disturbed phase cannot move it far.
 *
 * @param directP50Ms median over rounds of the direct TTFT p50
 * @param directP99Ms median over rounds of the direct TTFT p99
 * @param gatewayP50Ms median over rounds of the gateway TTFT p50
 * @param gatewayP99Ms median over rounds of the gateway TTFT p99
 * @param directRps median over rounds of direct completed requests per second
 * @param gatewayRps median over rounds of gateway completed requests per second
 */
record Overhead(
        double directP50Ms,
        double directP99Ms,
        double gatewayP50Ms,
        double gatewayP99Ms,
        double directRps,
        double gatewayRps) {

    /** The targets. */
    static final double TARGET_ADDED_P99_MS = 1.0;

    static final double TARGET_THROUGHPUT_RATIO = 0.8;

    double addedP50Ms() {
        return gatewayP50Ms - directP50Ms;
    }

    double addedP99Ms() {
        return gatewayP99Ms - directP99Ms;
    }

    double throughputRatio() {
        return ratio(gatewayRps, directRps);
    }

    boolean meetsP99Target() {
        return addedP99Ms() <= TARGET_ADDED_P99_MS;
    }

    boolean meetsThroughputTarget() {
        return throughputRatio() >= TARGET_THROUGHPUT_RATIO;
    }

    /** Medians over every phase of each mode. */
    static Overhead of(List<PhaseResult> phases) {
        return new Overhead(
                median(phases, Mode.DIRECT, 50),
                median(phases, Mode.DIRECT, 99),
                median(phases, Mode.GATEWAY, 50),
                median(phases, Mode.GATEWAY, 99),
                medianRps(phases, Mode.DIRECT),
                medianRps(phases, Mode.GATEWAY));
    }

    /**
     * One round's difference between two phases: the later mode's TTFT percentiles minus the
     * earlier one's.
     *
     * @param round the round both phases belong to
     * @param p50Ms difference of the TTFT p50s
     * @param p99Ms difference of the TTFT p99s
     */
    record Difference(int round, double p50Ms, double p99Ms) {}

    /**
     * The A/A differences ({@link Mode#CONTROL} minus {@link Mode#DIRECT}) of every round that ran
     * a control phase, in round order. They show how far the machine alone moves each percentile
     * between two phases.
     */
    static List<Difference> control(List<PhaseResult> phases) {
        return differences(phases, Mode.DIRECT, Mode.CONTROL);
    }

    /**
     * Per round that ran both, {@code minuend}'s TTFT percentiles minus {@code subtrahend}'s, in
     * round order; rounds missing either phase are left out.
     */
    static List<Difference> differences(List<PhaseResult> phases, Mode subtrahend, Mode minuend) {
        List<Difference> out = new java.util.ArrayList<>();
        for (PhaseResult d : phases) {
            if (d.mode() != subtrahend) {
                continue;
            }
            for (PhaseResult c : phases) {
                if (c.mode() == minuend && c.round() == d.round()) {
                    out.add(
                            new Difference(
                                    d.round(),
                                    c.ttftMs(50) - d.ttftMs(50),
                                    c.ttftMs(99) - d.ttftMs(99)));
                    break;
                }
            }
        }
        return out;
    }

    /** One round's pair. */
    static Overhead of(PhaseResult direct, PhaseResult gateway) {
        return of(List.of(direct, gateway));
    }

    static double percentileMs(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0
                ? Double.NaN
                : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** The middle value, or the mean of the two middle ones; NaN for none. */
    static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static double median(List<PhaseResult> phases, Mode mode, double percentile) {
        return median(
                phases.stream()
                        .filter(p -> p.mode() == mode)
                        .mapToDouble(p -> p.ttftMs(percentile))
                        .toArray());
    }

    private static double medianRps(List<PhaseResult> phases, Mode mode) {
        return median(
                phases.stream()
                        .filter(p -> p.mode() == mode)
                        .mapToDouble(PhaseResult::requestsPerSecond)
                        .toArray());
    }
}
