package io.inferscope.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of the whole JVM and of its parts (broker, simulator, gateway, client), between two
 * snapshots.
 *
 * <p>Each part owns the threads that appeared while it started (thread ids are never reused), in
 * the order the harness starts them; threads that appear later belong to the last part (the client,
 * whose event loops start lazily), except those whose name holds the publisher's client id (the
 * Kafka producer's network thread), which are the gateway's. The JVM's own GC and JIT threads are
 * not Java threads: their time shows as the process total minus the parts ({@value #OTHER}).
 */
final class CpuMeter {
    static final String OTHER = "GC, JIT, unattributed";

    /** CPU nanoseconds at one instant. */
    record Snapshot(long wallNanos, long processCpuNanos, Map<String, Long> byPart) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, Set<Long>> parts = new LinkedHashMap<>();
    private final String gatewayPart;
    private final String gatewayNameFragment;
    private Set<Long> seen = liveThreadIds();
    private String lastPart = "JVM";

    CpuMeter(String gatewayPart, String gatewayNameFragment) {
        this.gatewayPart = gatewayPart;
        this.gatewayNameFragment = gatewayNameFragment;
        parts.put(lastPart, Set.copyOf(seen));
    }

    /** Gives every thread started since the last call to {@code part}. */
    synchronized void started(String part) {
        Set<Long> now = liveThreadIds();
        Set<Long> fresh = new HashSet<>(now);
        fresh.removeAll(seen);
        parts.computeIfAbsent(part, k -> new HashSet<>()).addAll(fresh);
        seen = now;
        lastPart = part;
    }

    /** {@code part: id name, ...} per part: to attribute a profiler's samples by thread. */
    synchronized String describe() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null) {
                out.append(partOf(t))
                        .append('\t')
                        .append(t.getThreadId())
                        .append('\t')
                        .append(t.getThreadName())
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** The parts in start order, then {@link #OTHER}. */
    synchronized List<String> partNames() {
        List<String> names = new java.util.ArrayList<>(parts.keySet());
        names.add(OTHER);
        return names;
    }

    synchronized Snapshot snapshot() {
        Map<String, Long> byPart = new LinkedHashMap<>();
        parts.keySet().forEach(p -> byPart.put(p, 0L));
        long process = processCpuNanos();
        if (THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
            for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (t != null) {
                    long ns = THREADS.getThreadCpuTime(t.getThreadId());
                    byPart.merge(partOf(t), Math.max(0, ns), Long::sum);
                }
            }
        }
        return new Snapshot(System.nanoTime(), process, byPart);
    }

    /**
     * Cores used between {@code a} and {@code b}: per part, {@link #OTHER}, and {@code "JVM
     * total"}; NaN where unknown. A thread that ended in between is missing from {@code b} and its
     * part reads low; the harness's threads all live for the whole run.
     */
    static Map<String, Double> cores(Snapshot a, Snapshot b) {
        double wall = b.wallNanos() - a.wallNanos();
        Map<String, Double> out = new LinkedHashMap<>();
        double sum = 0;
        for (Map.Entry<String, Long> e : b.byPart().entrySet()) {
            double c = (e.getValue() - a.byPart().getOrDefault(e.getKey(), 0L)) / wall;
            out.put(e.getKey(), c);
            sum += c;
        }
        double process =
                a.processCpuNanos() < 0 || b.processCpuNanos() < 0
                        ? Double.NaN
                        : (b.processCpuNanos() - a.processCpuNanos()) / wall;
        out.put(OTHER, Math.max(0, process - sum));
        out.put(PhaseResult.JVM_TOTAL, process);
        return out;
    }

    private String partOf(ThreadInfo t) {
        if (t.getThreadName().contains(gatewayNameFragment)) {
            return gatewayPart;
        }
        for (Map.Entry<String, Set<Long>> e : parts.entrySet()) {
            if (e.getValue().contains(t.getThreadId())) {
                return e.getKey();
            }
        }
        return lastPart;
    }

    private static Set<Long> liveThreadIds() {
        Set<Long> ids = new HashSet<>();
        for (long id : THREADS.getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
