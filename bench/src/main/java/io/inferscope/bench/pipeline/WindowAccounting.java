package io.inferscope.bench.pipeline;

import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import java.util.HashSet;
import java.util.Set;

/**
 * Adds up the derived windows of one batch of input: the {@code finishes} of every base window of
 * scope {@code deployment_model} whose start lies in {@code [fromMs, toMs)}. The batch is fully
 * processed when that sum reaches the number of requests published (each request ends once), and
 * the moment it got there is when the last of its windows became visible. Rollups (60 s, 300 s),
 * the replica scope and windows outside the range (other batches, the watermark-pushing tail) are
 * ignored. A window seen twice is counted once and reported as a duplicate: exactly-once output
 * should never produce one. Thread-safe: a consumer thread feeds it, the harness polls it.
 */
final class WindowAccounting {
    private final long fromMs;
    private final long toMs;
    private final int windowS;
    private final long expectedFinishes;
    private final Set<String> seen = new HashSet<>();
    private long finishes;
    private long windows;
    private long duplicates;
    private long completedAtMs = -1;

    WindowAccounting(long fromMs, long toMs, int windowS, long expectedFinishes) {
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.windowS = windowS;
        this.expectedFinishes = expectedFinishes;
    }

    /** One derived record, visible to a {@code read_committed} reader at {@code visibleAtMs}. */
    synchronized void accept(RequestMetrics m, long visibleAtMs) {
        if (m.windowS() != windowS
                || m.scope() != Scope.DEPLOYMENT_MODEL
                || m.windowStartMs() < fromMs
                || m.windowStartMs() >= toMs) {
            return;
        }
        if (!seen.add(m.labels().deploymentModelKey() + "@" + m.windowStartMs())) {
            duplicates++;
            return;
        }
        windows++;
        finishes += m.finishes();
        if (completedAtMs < 0 && finishes >= expectedFinishes) {
            completedAtMs = visibleAtMs;
        }
    }

    synchronized boolean complete() {
        return completedAtMs >= 0;
    }

    /** Wall time the sum first reached the expected finishes; -1 while incomplete. */
    synchronized long completedAtMs() {
        return completedAtMs;
    }

    synchronized long finishes() {
        return finishes;
    }

    synchronized long windows() {
        return windows;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    long expectedFinishes() {
        return expectedFinishes;
    }
}
