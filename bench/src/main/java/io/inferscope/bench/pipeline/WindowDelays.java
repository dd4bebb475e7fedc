package io.inferscope.bench.pipeline;

import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The delay from each base window's end to the moment its {@code deployment_model} record became
 * visible to a {@code read_committed} reader. Only windows ending in {@code [fromEndMs, toEndMs]}
 * count: the windows the watermark closed while live traffic flowed (after the traffic stops, the
 * watermark stops too and later windows never close). Rollups, the replica scope and repeats are
 * ignored. Thread-safe: a consumer thread feeds it.
 */
final class WindowDelays {
    private final int windowS;
    private final long fromEndMs;
    private final long toEndMs;
    private final Set<String> seen = new HashSet<>();
    private final List<Long> delays = new ArrayList<>();
    private long duplicates;

    WindowDelays(int windowS, long fromEndMs, long toEndMs) {
        this.windowS = windowS;
        this.fromEndMs = fromEndMs;
        this.toEndMs = toEndMs;
    }

    synchronized void accept(RequestMetrics m, long visibleAtMs) {
        if (m.windowS() != windowS
                || m.scope() != Scope.DEPLOYMENT_MODEL
                || m.windowEndMs() < fromEndMs
                || m.windowEndMs() > toEndMs) {
            return;
        }
        if (!seen.add(m.labels().deploymentModelKey() + "@" + m.windowStartMs())) {
            duplicates++;
            return;
        }
        delays.add(visibleAtMs - m.windowEndMs());
    }

    /** How many window ends of length {@code windowS} lie in {@code [fromEndMs, toEndMs]}. */
    static long windowEndsBetween(long fromEndMs, long toEndMs, int windowS) {
        long w = windowS * 1000L;
        long first = Math.floorDiv(fromEndMs + w - 1, w) * w; // first multiple of w >= fromEndMs
        return toEndMs < first ? 0 : (toEndMs - first) / w + 1;
    }

    synchronized long[] delays() {
        return delays.stream().mapToLong(Long::longValue).toArray();
    }

    synchronized long duplicates() {
        return duplicates;
    }
}
