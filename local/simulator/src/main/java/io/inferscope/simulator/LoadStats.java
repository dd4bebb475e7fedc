package io.inferscope.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The load generator's running tallies; thread-safe, read by {@link LoadReport} snapshots. */
final class LoadStats {

    private static final int RESERVOIR = 20_000;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
    private final Reservoir ttft = new Reservoir(RESERVOIR);
    private final Reservoir e2e = new Reservoir(RESERVOIR);
    private final Reservoir intervalTtft = new Reservoir(RESERVOIR);
    private final Reservoir intervalE2e = new Reservoir(RESERVOIR);

    int inFlight() {
        return inFlight.get();
    }

    void skipped() {
        skipped.incrementAndGet();
    }

    void sent() {
        sent.incrementAndGet();
        inFlight.incrementAndGet();
    }

    void firstToken(double ms) {
        ttft.add(ms);
        intervalTtft.add(ms);
    }

    void succeeded(double e2eMs, int tokens) {
        e2e.add(e2eMs);
        intervalE2e.add(e2eMs);
        outputTokens.addAndGet(tokens);
        ok.incrementAndGet();
        inFlight.decrementAndGet();
    }

    void failed(String kind, int tokens) {
        outputTokens.addAndGet(tokens);
        errorsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        errors.incrementAndGet();
        inFlight.decrementAndGet();
    }

    LoadReport report(Duration elapsed, boolean interval) {
        Reservoir t = interval ? intervalTtft : ttft;
        Reservoir e = interval ? intervalE2e : e2e;
        Map<String, Long> kinds = new TreeMap<>();
        errorsByKind.forEach((k, v) -> kinds.put(k, v.sum()));
        LoadReport report =
                new LoadReport(
                        elapsed,
                        sent.get(),
                        ok.get(),
                        errors.get(),
                        skipped.get(),
                        inFlight.get(),
                        outputTokens.get(),
                        t.percentile(0.5),
                        t.percentile(0.99),
                        e.percentile(0.5),
                        e.percentile(0.99),
                        Map.copyOf(kinds));
        if (interval) {
            intervalTtft.clear();
            intervalE2e.clear();
        }
        return report;
    }
}
