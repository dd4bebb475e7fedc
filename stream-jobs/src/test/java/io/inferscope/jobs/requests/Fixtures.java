package io.inferscope.jobs.requests;

import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TokenProgress;
import java.util.List;

/** Named times and record builders shared by the request-metrics tests. */
final class Fixtures {
    /** A multiple of 5 min, so 10 s, 1 min and 5 min windows all start here. */
    static final long T0 = 1_700_000_100_000L;

    static final long T0_PLUS_10S = T0 + 10_000;
    static final long T0_PLUS_20S = T0 + 20_000;
    static final long T0_PLUS_30S = T0 + 30_000;
    static final long T0_PLUS_60S = T0 + 60_000;

    static final Labels POD_A =
            new Labels("c1", "serving", "llama", "llama-3-8b", "llama-a", "node-1");
    static final Labels POD_B =
            new Labels("c1", "serving", "llama", "llama-3-8b", "llama-b", "node-2");
    static final Labels NO_REPLICA = new Labels("c1", "serving", "llama", "llama-3-8b", null, null);

    private Fixtures() {}

    static RequestEvent start(String id, long ts, Labels labels) {
        return RequestEvent.start(id, ts, labels, RequestEvent.Endpoint.CHAT_COMPLETIONS, true);
    }

    static RequestEvent dispatch(String id, long ts, Labels labels, double queueMs) {
        return RequestEvent.dispatch(
                id, ts, labels, RequestEvent.Endpoint.CHAT_COMPLETIONS, true, queueMs);
    }

    static RequestEvent ok(
            String id,
            long ts,
            Labels labels,
            double e2e,
            Double ttft,
            Integer prompt,
            Integer completion) {
        Double generation = ttft == null ? null : e2e - ttft;
        Double tpot =
                generation == null || completion == null || completion < 2
                        ? null
                        : generation / (completion - 1);
        return new RequestEvent(
                RequestEvent.Type.END,
                id,
                ts,
                labels,
                RequestEvent.Endpoint.CHAT_COMPLETIONS,
                ttft != null,
                RequestEvent.Status.OK,
                200,
                null,
                5.0,
                ttft,
                e2e,
                generation,
                tpot,
                prompt,
                completion,
                false);
    }

    static RequestEvent failed(String id, long ts, Labels labels, ErrorClass error, double e2e) {
        return new RequestEvent(
                RequestEvent.Type.END,
                id,
                ts,
                labels,
                RequestEvent.Endpoint.CHAT_COMPLETIONS,
                true,
                RequestEvent.Status.ERROR,
                503,
                error,
                5.0,
                null,
                e2e,
                null,
                null,
                null,
                null,
                false);
    }

    static TokenProgress tokens(
            String id,
            long ts,
            Labels labels,
            int seq,
            int completion,
            Integer prompt,
            List<Double> itl) {
        return new TokenProgress(id, ts, labels, seq, completion, prompt, itl, false);
    }
}
