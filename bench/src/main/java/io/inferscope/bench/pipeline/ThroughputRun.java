package io.inferscope.bench.pipeline;

import io.inferscope.collector.core.Publisher;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TopicSpec;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One batch through publisher → broker → request job → derived topic. Event times are compressed
 * into the past (one request every 2 ms: 5,000 per 10 s window), so windows close as fast as the
 * data flows; a tail request in every partition 60 s of event time after the batch pushes the
 * watermark past its last window. Done when the batch's 10 s {@code deployment_model} windows
 * account for every request ({@link WindowAccounting}).
 */
final class ThroughputRun {
    static final long SPACING_MS = 2;
    private static final java.util.Set<String> TERMINAL =
            java.util.Set.of("FAILED", "CANCELED", "FINISHED", "SUSPENDED");

    /** What one batch measured; {@code nextEventTimeMs} is where the next batch may start. */
    record Result(
            long records,
            double seconds,
            double publishSeconds,
            long windows,
            long finishes,
            long expectedFinishes,
            long duplicates,
            long refused,
            boolean restarted,
            long nextEventTimeMs,
            java.util.Map<String, Long> deadLetters) {
        boolean complete() {
            return finishes >= expectedFinishes;
        }

        double recordsPerSecond() {
            return records / seconds;
        }

        /** The same result with the job's dead letters, by the first word of their reason. */
        Result withDeadLetters(java.util.Map<String, Long> byReason) {
            return new Result(
                    records,
                    seconds,
                    publishSeconds,
                    windows,
                    finishes,
                    expectedFinishes,
                    duplicates,
                    refused,
                    restarted,
                    nextEventTimeMs,
                    byReason);
        }
    }

    private ThroughputRun() {}

    static Result batch(
            Publisher publisher,
            DerivedWindowWatcher watcher,
            TopicSpec<RequestEvent> topic,
            String idPrefix,
            long firstStartMs,
            long records,
            Duration timeout,
            Supplier<String> jobStatus)
            throws InterruptedException {
        long requests = records / 2;
        RequestTraffic traffic =
                new RequestTraffic(
                        idPrefix, firstStartMs, SPACING_MS, requests, idPrefix.hashCode());
        long tailMs = Traffic.alignUp(traffic.latestPossibleMs()) + 60_000;
        WindowAccounting accounting =
                new WindowAccounting(
                        Traffic.alignDown(firstStartMs),
                        Traffic.alignDown(tailMs),
                        (int) (Traffic.WINDOW_MS / 1000),
                        requests);
        java.util.function.BiConsumer<io.inferscope.schemas.RequestMetrics, Long> listener =
                accounting::accept;
        watcher.addListener(listener);
        try {
            long start = System.currentTimeMillis();
            long refused = Traffic.publishAll(publisher, topic, traffic);
            Traffic.publishTail(publisher, topic, idPrefix, tailMs);
            publisher.flush(timeout);
            long published = System.currentTimeMillis();
            long deadline = start + timeout.toMillis();
            boolean restarted = false;
            for (int i = 0; !accounting.complete() && System.currentTimeMillis() < deadline; i++) {
                if (i % 25 == 0) {
                    String status = jobStatus.get();
                    restarted |= !"RUNNING".equals(status);
                    if (TERMINAL.contains(status)) {
                        break; // the report says incomplete
                    }
                }
                Thread.sleep(20);
            }
            long end =
                    accounting.complete() ? accounting.completedAtMs() : System.currentTimeMillis();
            return new Result(
                    2 * requests,
                    (end - start) / 1000.0,
                    (published - start) / 1000.0,
                    accounting.windows(),
                    accounting.finishes(),
                    requests,
                    accounting.duplicates(),
                    refused,
                    restarted,
                    tailMs + Traffic.WINDOW_MS,
                    java.util.Map.of());
        } finally {
            watcher.removeListener(listener);
        }
    }
}
