package io.inferscope.bench.pipeline;

import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Realistic request lifecycle records in event-time order: one {@code start} every {@code
 * spacingMs}, and its {@code end} 0.3–2.5 s later (streaming chat completions, 1 % upstream
 * errors), spread round-robin over {@link #GROUPS} deployment/model groups with {@link #REPLICAS}
 * replicas each. Ends wait in a queue until their time comes, so the records come out with
 * non-decreasing {@code ts_ms}: in order in every Kafka partition, however they are keyed.
 * Deterministic for a given seed. Each record is 300–500 bytes of JSON.
 */
final class RequestTraffic implements Iterator<RequestEvent> {
    static final int GROUPS = 4;
    static final int REPLICAS = 2;
    private static final String[][] MODELS = {
        {"vllm-llama-3-1-8b", "meta-llama/Llama-3.1-8B-Instruct"},
        {"vllm-llama-3-1-70b", "meta-llama/Llama-3.1-70B-Instruct"},
        {"vllm-mistral-7b", "mistralai/Mistral-7B-Instruct-v0.3"},
        {"vllm-qwen2-5-32b", "Qwen/Qwen2.5-32B-Instruct"},
    };

    private final String idPrefix;
    private final long firstStartMs;
    private final long spacingMs;
    private final long requests;
    private final SplittableRandom random;
    private final PriorityQueue<RequestEvent> pendingEnds =
            new PriorityQueue<>((a, b) -> Long.compare(a.tsMs(), b.tsMs()));
    private long started;

    RequestTraffic(String idPrefix, long firstStartMs, long spacingMs, long requests, long seed) {
        this.idPrefix = idPrefix;
        this.firstStartMs = firstStartMs;
        this.spacingMs = spacingMs;
        this.requests = requests;
        this.random = new SplittableRandom(seed);
    }

    /** The start time of the last request (its end comes up to 2.5 s later). */
    long lastStartMs() {
        return firstStartMs + (requests - 1) * spacingMs;
    }

    /** No record of this traffic is later than this. */
    long latestPossibleMs() {
        return lastStartMs() + 2_500;
    }

    @Override
    public boolean hasNext() {
        return started < requests || !pendingEnds.isEmpty();
    }

    @Override
    public RequestEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long nextStart = firstStartMs + started * spacingMs;
        if (!pendingEnds.isEmpty()
                && (started == requests || pendingEnds.peek().tsMs() <= nextStart)) {
            return pendingEnds.poll();
        }
        long i = started++;
        String id = idPrefix + Long.toHexString(0x1000_0000_0000L + i);
        Labels labels = labels(i);
        pendingEnds.add(end(id, nextStart, labels));
        return RequestEvent.start(
                id, nextStart, labels, RequestEvent.Endpoint.CHAT_COMPLETIONS, true);
    }

    static Labels labels(long i) {
        int g = (int) (i % GROUPS);
        int r = (int) ((i / GROUPS) % REPLICAS);
        String deployment = MODELS[g][0];
        return new Labels(
                "prod-us-east-1",
                "llm-serving",
                deployment,
                MODELS[g][1],
                deployment + "-6d9f7c8b5-r" + r,
                "gpu-node-a100-0" + (g * REPLICAS + r));
    }

    private RequestEvent end(String id, long startMs, Labels labels) {
        double queue = round(random.nextDouble(0.5, 40));
        double ttft = round(queue + random.nextDouble(40, 400));
        double e2e = round(ttft + random.nextDouble(250, 2_000));
        int prompt = random.nextInt(64, 2_048);
        long endMs = startMs + (long) Math.ceil(e2e);
        if (random.nextInt(100) == 0) {
            return new RequestEvent(
                    RequestEvent.Type.END,
                    id,
                    endMs,
                    labels,
                    RequestEvent.Endpoint.CHAT_COMPLETIONS,
                    true,
                    RequestEvent.Status.ERROR,
                    503,
                    ErrorClass.UPSTREAM_5XX,
                    queue,
                    null,
                    e2e,
                    null,
                    null,
                    prompt,
                    0,
                    false);
        }
        double generation = round(e2e - ttft);
        int completion = random.nextInt(16, 512);
        return new RequestEvent(
                RequestEvent.Type.END,
                id,
                endMs,
                labels,
                RequestEvent.Endpoint.CHAT_COMPLETIONS,
                true,
                RequestEvent.Status.OK,
                200,
                null,
                queue,
                ttft,
                e2e,
                generation,
                round(generation / (completion - 1)),
                prompt,
                completion,
                false);
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
