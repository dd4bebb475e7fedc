package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.Distribution;
import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.RequestMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The additive part of one group's window: counts, tokens and latency distributions. In-flight is
 * not here: it needs the start/end order, kept as deltas by {@link WindowMetricsFunction}. Also the
 * accumulator of the 1 min / 5 min rollups, which merge 10 s results into it. A Flink POJO.
 */
public class WindowAccumulator {
    public long arrivals;
    public long finishes;
    public long errors;

    /** Errors per {@link ErrorClass}, by ordinal. */
    public long[] errorsByClass = new long[ErrorClass.values().length];

    public long promptTokens;
    public long completionTokens;
    public long goodFinishes;

    public Distribution e2e = new Distribution();
    public Distribution ttft = new Distribution();
    public Distribution queue = new Distribution();
    public Distribution generation = new Distribution();
    public Distribution tpot = new Distribution();
    public Distribution itl = new Distribution();

    public WindowAccumulator() {}

    public void add(Fact f) {
        arrivals += f.arrivals;
        finishes += f.finishes;
        if (f.errorClass != null) {
            errors++;
            errorsByClass[ordinal(f.errorClass)]++;
        }
        if (f.good) {
            goodFinishes++;
        }
        promptTokens += f.promptTokens;
        completionTokens += f.completionTokens;
        addIfPresent(e2e, f.e2eMs);
        addIfPresent(ttft, f.ttftMs);
        addIfPresent(queue, f.queueMs);
        addIfPresent(generation, f.generationMs);
        addIfPresent(tpot, f.tpotMs);
        if (f.itlMs != null) {
            for (double gap : f.itlMs) {
                itl.add(gap);
            }
        }
    }

    /** Adds everything {@code other} counted (a partial of the same window and group). */
    public void merge(WindowAccumulator other) {
        arrivals += other.arrivals;
        finishes += other.finishes;
        errors += other.errors;
        for (int i = 0; i < errorsByClass.length && i < other.errorsByClass.length; i++) {
            errorsByClass[i] += other.errorsByClass[i];
        }
        goodFinishes += other.goodFinishes;
        promptTokens += other.promptTokens;
        completionTokens += other.completionTokens;
        e2e.merge(other.e2e);
        ttft.merge(other.ttft);
        queue.merge(other.queue);
        generation.merge(other.generation);
        tpot.merge(other.tpot);
        itl.merge(other.itl);
    }

    /** The derived record of group {@code key} for the window starting at {@code startMs}. */
    public RequestMetrics toMetrics(
            String key,
            long startMs,
            int windowS,
            int inflightMax,
            double inflightMean,
            int inflightEnd) {
        double seconds = windowS;
        return new RequestMetrics(
                startMs,
                startMs + windowS * 1000L,
                windowS,
                GroupKey.scope(key),
                GroupKey.labels(key),
                arrivals,
                finishes,
                errors,
                errorsByClassMap(),
                arrivals / seconds,
                finishes / seconds,
                finishes == 0 ? 0.0 : (double) errors / finishes,
                inflightMax,
                inflightMean,
                inflightEnd,
                promptTokens,
                completionTokens,
                promptTokens / seconds,
                completionTokens / seconds,
                goodFinishes,
                goodFinishes / seconds,
                e2e.toQuantiles(),
                ttft.toQuantiles(),
                queue.toQuantiles(),
                generation.toQuantiles(),
                tpot.toQuantiles(),
                itl.toQuantiles());
    }

    public Map<String, Long> errorsByClassMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        ErrorClass[] classes = ErrorClass.values();
        for (int i = 0; i < classes.length && i < errorsByClass.length; i++) {
            if (errorsByClass[i] > 0) {
                out.put(classes[i].wire(), errorsByClass[i]);
            }
        }
        return out;
    }

    static int ordinal(String wire) {
        for (ErrorClass c : ErrorClass.values()) {
            if (c.wire().equals(wire)) {
                return c.ordinal();
            }
        }
        throw new IllegalArgumentException("unknown error class " + wire);
    }

    private static void addIfPresent(Distribution d, Double v) {
        if (v != null) {
            d.add(v);
        }
    }
}
