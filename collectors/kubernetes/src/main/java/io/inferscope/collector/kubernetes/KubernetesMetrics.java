package io.inferscope.collector.kubernetes;

import io.inferscope.collector.core.PrometheusWriter;
import io.inferscope.schemas.K8sRecord.Kind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The collector's own counters, served on the core's {@code SelfMetricsServer} (names prefixed
 * {@value #PREFIX}): records published and deduplicated by kind, records the sink refused, watch
 * errors and watched objects by resource, mapping errors, usage polls by result.
 */
public final class KubernetesMetrics {
    public static final String PREFIX = "inferscope_k8s_";

    private final EnumMap<Kind, LongAdder> records = counters();
    private final EnumMap<Kind, LongAdder> deduped = counters();
    private final LongAdder refused = new LongAdder();
    private final LongAdder mappingErrors = new LongAdder();
    private final Map<String, LongAdder> watchErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> usagePolls = new ConcurrentHashMap<>();
    private final Map<String, IntSupplier> watched = new ConcurrentHashMap<>();

    private static EnumMap<Kind, LongAdder> counters() {
        EnumMap<Kind, LongAdder> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, new LongAdder());
        }
        return m;
    }

    void published(Kind kind) {
        records.get(kind).increment();
    }

    void skipped(Kind kind) {
        deduped.get(kind).increment();
    }

    void refused() {
        refused.increment();
    }

    void mappingError() {
        mappingErrors.increment();
    }

    void watchError(String resource) {
        watchErrors.computeIfAbsent(resource, r -> new LongAdder()).increment();
    }

    void usagePoll(String result) {
        usagePolls.computeIfAbsent(result, r -> new LongAdder()).increment();
    }

    void watching(String resource, IntSupplier objects) {
        watched.put(resource, objects);
    }

    void notWatching(String resource) {
        watched.remove(resource);
    }

    /** The resources being watched. */
    public Set<String> watchedResources() {
        return Set.copyOf(watched.keySet());
    }

    public long records(Kind kind) {
        return records.get(kind).sum();
    }

    public long deduped(Kind kind) {
        return deduped.get(kind).sum();
    }

    public long refusedTotal() {
        return refused.sum();
    }

    public long dedupedTotal() {
        return deduped.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long watchErrors() {
        return watchErrors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long usagePolls(String result) {
        LongAdder n = usagePolls.get(result);
        return n == null ? 0 : n.sum();
    }

    public void writeTo(PrometheusWriter w) {
        w.counter(PREFIX + "records_total", "Records published, by kind.");
        records.forEach((k, n) -> w.sample(n.sum(), "kind", k.wire()));
        w.counter(
                PREFIX + "records_deduped_total",
                "Changes not published because the record body equals the last one, by kind.");
        deduped.forEach((k, n) -> w.sample(n.sum(), "kind", k.wire()));
        w.counter(PREFIX + "records_refused_total", "Records the publisher did not accept.")
                .sample(refused.sum());
        w.counter(PREFIX + "mapping_errors_total", "API objects that could not be mapped.")
                .sample(mappingErrors.sum());
        w.counter(PREFIX + "watch_errors_total", "List/watch failures, by resource.");
        watchErrors.forEach((r, n) -> w.sample(n.sum(), "resource", r));
        w.counter(PREFIX + "usage_polls_total", "metrics.k8s.io polls, by result.");
        usagePolls.forEach((r, n) -> w.sample(n.sum(), "result", r));
        w.gauge(PREFIX + "watched_objects", "Objects in the informer caches, by resource.");
        watched.forEach((r, n) -> w.sample(n.getAsInt(), "resource", r));
    }
}
