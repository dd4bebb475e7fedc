package io.inferscope.console;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts input records the console could not use, per topic. Undecodable records are skipped, never
 * fatal: the console shows what it can. The first skip per topic is logged at WARN (with the
 * decoder's reason, never the payload), later ones at DEBUG, so a poisoned topic cannot flood the
 * log.
 */
public final class SkippedRecords {
    private static final Logger LOG = LoggerFactory.getLogger(SkippedRecords.class);

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public void skip(String topic, String reason) {
        long n = counts.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
        if (n == 1) {
            LOG.warn(
                    "skipping undecodable record on {}: {} (further skips at DEBUG)",
                    topic,
                    reason);
        } else {
            LOG.debug("skipping undecodable record on {}: {}", topic, reason);
        }
    }

    public long count(String topic) {
        AtomicLong n = counts.get(topic);
        return n == null ? 0 : n.get();
    }

    /** A sorted snapshot, topic → skipped records since start. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
