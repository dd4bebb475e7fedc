package io.inferscope.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Client-side results of a load run so far. Counts are since the start; the percentiles cover the
 * whole run for {@link LoadGenerator#report()} and the last interval for {@link
 * LoadGenerator#intervalReport()}. TTFT is measured on streaming requests only (send → first
 * content chunk); e2e on every successful request. Times in milliseconds, NaN when no sample.
 */
public record LoadReport(
        Duration elapsed,
        long sent,
        long ok,
        long errors,
        long skipped,
        int inFlight,
        long outputTokens,
        double ttftP50Ms,
        double ttftP99Ms,
        double e2eP50Ms,
        double e2eP99Ms,
        Map<String, Long> errorsByKind) {

    /** One line for a terminal. */
    public String summaryLine() {
        return String.format(
                Locale.ROOT,
                "t=%s sent=%d ok=%d errors=%d skipped=%d in-flight=%d tokens=%d"
                        + " ttft p50=%s p99=%s e2e p50=%s p99=%s%s",
                Durations.format(Duration.ofSeconds(elapsed.toSeconds())),
                sent,
                ok,
                errors,
                skipped,
                inFlight,
                outputTokens,
                ms(ttftP50Ms),
                ms(ttftP99Ms),
                ms(e2eP50Ms),
                ms(e2eP99Ms),
                errorsByKind.isEmpty() ? "" : " " + errorsByKind);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : Math.round(value) + "ms";
    }
}
