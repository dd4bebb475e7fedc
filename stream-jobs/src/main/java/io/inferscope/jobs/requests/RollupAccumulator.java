package io.inferscope.jobs.requests;

import io.inferscope.schemas.RequestMetrics;
import java.util.Map;

/**
 * A rollup window (1 min, 5 min) built by merging the 10 s results of one group: counts and tokens
 * add up, distributions merge their sketches (exact, thanks to DDSketch) and exact statistics,
 * in-flight max is the max of the maxes, the time-weighted mean weights each partial by its length
 * (a 10 s window with no record had nothing in flight), and the end value is the last partial's if
 * it ends where the rollup ends (else nothing was in flight then). A Flink POJO.
 */
public class RollupAccumulator extends WindowAccumulator {
    public int inflightMax;

    /** Sum of in-flight mean × window seconds over the merged partials. */
    public double inflightArea;

    public int inflightEnd;

    public RollupAccumulator() {}

    public void merge(RequestMetrics m, long rollupEndMs) {
        arrivals += m.arrivals();
        finishes += m.finishes();
        errors += m.errors();
        for (Map.Entry<String, Long> e : m.errorsByClass().entrySet()) {
            errorsByClass[ordinal(e.getKey())] += e.getValue();
        }
        promptTokens += m.promptTokens();
        completionTokens += m.completionTokens();
        goodFinishes += m.goodFinishes();
        e2e.merge(m.e2eMs());
        ttft.merge(m.ttftMs());
        queue.merge(m.queueMs());
        generation.merge(m.generationMs());
        tpot.merge(m.tpotMs());
        itl.merge(m.itlMs());
        inflightMax = Math.max(inflightMax, m.inflightMax());
        inflightArea += m.inflightMean() * m.windowS();
        if (m.windowEndMs() == rollupEndMs) {
            inflightEnd = m.inflightEnd();
        }
    }
}
