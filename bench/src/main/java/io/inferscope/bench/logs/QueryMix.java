package io.inferscope.bench.logs;

import io.inferscope.logsearch.LogQuery;
import io.inferscope.schemas.LogLine;
import java.util.List;
import java.util.SplittableRandom;

/** The query kinds measured, each drawn at random from realistic choices over the indexed span. */
enum QueryMix {
    /** One word: frequent ("throughput", ~30 % of lines) to rare ("nccl", 0.1 %). */
    TERM("term (1 word, whole span)"),
    /** A quoted phrase of two or three words. */
    PHRASE("phrase (whole span)"),
    /** deployment + at least warn + a random 15-minute window. */
    FILTER_TIME("deployment + level ≥ warn + 15 min window"),
    /** Every line of one request. */
    REQUEST_ID("request id (whole span)");

    private static final String[] TERMS = {
        "throughput", "preempted", "timeout", "memory", "reset", "finished", "nccl", "slow"
    };
    private static final String[] PHRASES = {
        "\"connection reset\"", "\"out of memory\"", "\"kv cache space\"", "\"upstream timeout\""
    };

    final String label;

    QueryMix(String label) {
        this.label = label;
    }

    LogQuery draw(SplittableRandom rnd, long startMs, long endMs, List<String> requestIds) {
        LogQuery.Builder b = LogQuery.builder().limit(50);
        return switch (this) {
            case TERM -> b.text(TERMS[rnd.nextInt(TERMS.length)]).build();
            case PHRASE -> b.text(PHRASES[rnd.nextInt(PHRASES.length)]).build();
            case FILTER_TIME -> {
                long window = 15 * 60_000L;
                long since = startMs + (long) (rnd.nextDouble() * (endMs - startMs - window));
                yield b.deployment(
                                LogLineGenerator.DEPLOYMENTS[
                                        rnd.nextInt(LogLineGenerator.DEPLOYMENTS.length)])
                        .minLevel(LogLine.Level.WARN)
                        .since(since)
                        .until(since + window)
                        .build();
            }
            case REQUEST_ID -> b.requestId(requestIds.get(rnd.nextInt(requestIds.size()))).build();
        };
    }
}
