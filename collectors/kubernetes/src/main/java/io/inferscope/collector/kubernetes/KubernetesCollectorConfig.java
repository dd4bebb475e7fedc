package io.inferscope.collector.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link KubernetesCollector}.
 *
 * @param namespaces namespaces to watch; empty = all namespaces (default)
 * @param cluster {@code cluster} label of every record; may be null
 * @param usageInterval time between metrics.k8s.io polls; zero turns usage off (default 30 s)
 * @param resync how often the informers replay their caches to the handlers; replays of unchanged
 *     objects publish nothing, but a record the publisher refused is sent again (default 10 min;
 *     zero = never)
 * @param startTimeout longest wait for the initial list of every resource (default 30 s)
 */
public record KubernetesCollectorConfig(
        List<String> namespaces,
        String cluster,
        Duration usageInterval,
        Duration resync,
        Duration startTimeout) {

    public static final Duration DEFAULT_USAGE_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    public KubernetesCollectorConfig {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        for (String ns : namespaces) {
            if (ns.isBlank()) {
                throw new IllegalArgumentException("a namespace must not be blank");
            }
        }
        if (namespaces.stream().distinct().count() != namespaces.size()) {
            throw new IllegalArgumentException("a namespace is given twice: " + namespaces);
        }
        nonNegative("usageInterval", usageInterval);
        nonNegative("resync", resync);
        nonNegative("startTimeout", startTimeout);
        if (startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive");
        }
        if (!resync.isZero() && resync.toMillis() < 1000) {
            throw new IllegalArgumentException("resync must be zero or at least 1s");
        }
    }

    private static void nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    /** All namespaces, no cluster label, every default. */
    public static KubernetesCollectorConfig defaults() {
        return new KubernetesCollectorConfig(
                List.of(), null, DEFAULT_USAGE_INTERVAL, DEFAULT_RESYNC, DEFAULT_START_TIMEOUT);
    }

    public KubernetesCollectorConfig withNamespaces(List<String> v) {
        return new KubernetesCollectorConfig(v, cluster, usageInterval, resync, startTimeout);
    }

    public KubernetesCollectorConfig withCluster(String v) {
        return new KubernetesCollectorConfig(namespaces, v, usageInterval, resync, startTimeout);
    }

    public KubernetesCollectorConfig withUsageInterval(Duration v) {
        return new KubernetesCollectorConfig(namespaces, cluster, v, resync, startTimeout);
    }

    public KubernetesCollectorConfig withResync(Duration v) {
        return new KubernetesCollectorConfig(namespaces, cluster, usageInterval, v, startTimeout);
    }

    public KubernetesCollectorConfig withStartTimeout(Duration v) {
        return new KubernetesCollectorConfig(namespaces, cluster, usageInterval, resync, v);
    }
}
