package io.inferscope.notifier;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Self-metrics of the notifiers, as Prometheus text (format 0.0.4) through {@link
 * #write(Appendable)}: per target (labels {@code target}, {@code type}) delivered, retried, failed
 * (by {@code reason}: permanent | exhausted) and skipped (by {@code reason}: duplicate | filtered |
 * replayed); overall records read, undecodable, stale, and failed offset commits. Thread-safe.
 */
public final class NotifierMetrics {
    /** Counters of one target. */
    public static final class TargetCounters {
        final LongAdder delivered = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder failedPermanent = new LongAdder();
        final LongAdder failedExhausted = new LongAdder();
        final LongAdder duplicate = new LongAdder();
        final LongAdder filtered = new LongAdder();
        final LongAdder replayed = new LongAdder();

        public long delivered() {
            return delivered.sum();
        }

        public long retried() {
            return retried.sum();
        }

        public long failedPermanent() {
            return failedPermanent.sum();
        }

        public long failedExhausted() {
            return failedExhausted.sum();
        }

        public long duplicates() {
            return duplicate.sum();
        }

        public long replayed() {
            return replayed.sum();
        }

        public long filtered() {
            return filtered.sum();
        }
    }

    private final Map<String, TargetCounters> targets = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    final LongAdder records = new LongAdder();
    final LongAdder undecodable = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder commitFailures = new LongAdder();

    /** Counters of a target by name; zero for one never seen. */
    public TargetCounters target(String name) {
        return targets.computeIfAbsent(name, n -> new TargetCounters());
    }

    public long undecodable() {
        return undecodable.sum();
    }

    public long records() {
        return records.sum();
    }

    void register(TargetConfig t) {
        types.put(t.name(), t.type().wire());
        target(t.name());
    }

    void delivered(TargetConfig t) {
        target(t.name()).delivered.increment();
    }

    void retried(TargetConfig t) {
        target(t.name()).retried.increment();
    }

    void failed(TargetConfig t, Outcome o) {
        TargetCounters c = target(t.name());
        (o == Outcome.PERMANENT ? c.failedPermanent : c.failedExhausted).increment();
    }

    public void write(Appendable out) throws IOException {
        counter(out, "delivered", "Alerts accepted by the target.");
        perTarget(out, "delivered", null, c -> c.delivered);
        counter(out, "retries", "Delivery attempts that failed and were retried.");
        perTarget(out, "retries", null, c -> c.retried);
        counter(
                out,
                "failed",
                "Alerts the target never accepted (permanent refusal or retries exhausted).");
        perTarget(out, "failed", "reason=\"permanent\"", c -> c.failedPermanent);
        perTarget(out, "failed", "reason=\"exhausted\"", c -> c.failedExhausted);
        counter(
                out,
                "skipped",
                "Alerts not sent to the target (duplicate state, filtered out, replayed older record).");
        perTarget(out, "skipped", "reason=\"duplicate\"", c -> c.duplicate);
        perTarget(out, "skipped", "reason=\"filtered\"", c -> c.filtered);
        perTarget(out, "skipped", "reason=\"replayed\"", c -> c.replayed);
        single(out, "records", "Alert records read from inferscope.alerts.", records);
        single(out, "undecodable_records", "Records that failed to decode, skipped.", undecodable);
        single(out, "stale_records", "Records older than max_age when read, skipped.", stale);
        single(
                out,
                "commit_failures",
                "Offset commits that failed (the records will be read again).",
                commitFailures);
    }

    private static void counter(Appendable out, String name, String help) throws IOException {
        String full = "inferscope_notifier_" + name + "_total";
        out.append("# HELP ").append(full).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(full).append(" counter\n");
    }

    private void perTarget(
            Appendable out,
            String name,
            String extra,
            java.util.function.Function<TargetCounters, LongAdder> f)
            throws IOException {
        for (Map.Entry<String, TargetCounters> e : new java.util.TreeMap<>(targets).entrySet()) {
            out.append("inferscope_notifier_")
                    .append(name)
                    .append("_total{target=\"")
                    .append(escape(e.getKey()))
                    .append("\",type=\"")
                    .append(escape(types.getOrDefault(e.getKey(), "")))
                    .append('"');
            if (extra != null) {
                out.append(',').append(extra);
            }
            out.append("} ").append(String.valueOf(f.apply(e.getValue()).sum())).append('\n');
        }
    }

    private static void single(Appendable out, String name, String help, LongAdder v)
            throws IOException {
        counter(out, name, help);
        out.append("inferscope_notifier_")
                .append(name)
                .append("_total ")
                .append(String.valueOf(v.sum()))
                .append('\n');
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
