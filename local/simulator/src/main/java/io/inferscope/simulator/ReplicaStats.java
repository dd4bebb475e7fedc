package io.inferscope.simulator;

/**
 * A point-in-time view of one replica's engine, read without locking (each field is consistent on
 * its own, the set is approximately simultaneous) — what a simulated GPU or a vLLM-style metrics
 * endpoint reports.
 *
 * @param name replica name, e.g. {@code llama-7b-0}
 * @param slots batch slots configured
 * @param activeSlots requests in prefill or decode
 * @param queued requests waiting for a slot (the engine-side queue)
 * @param totalRequests requests accepted by the HTTP endpoints since start (including rejected
 *     ones)
 * @param completedRequests requests that finished normally
 * @param failedRequests requests answered with an error or cut by an injected disconnect
 * @param abortedRequests requests abandoned by their client
 * @param promptTokens prompt tokens of every request that got a slot
 * @param completedTokens output tokens generated so far
 * @param kvCacheFill share of the KV cache held by active requests, 0..1
 * @param down whether the replica is down (refusing connections)
 */
public record ReplicaStats(
        String name,
        int slots,
        int activeSlots,
        int queued,
        long totalRequests,
        long completedRequests,
        long failedRequests,
        long abortedRequests,
        long promptTokens,
        long completedTokens,
        double kvCacheFill,
        boolean down) {}
