package io.inferscope.collector.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The publisher's counters; updated from any thread, read as snapshots. */
final class Counters {
    final LongAdder published = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder spooled = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder errors = new LongAdder();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

    Counters() {
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    void drop(DropReason reason) {
        dropped.get(reason).increment();
    }

    Map<DropReason, Long> dropped() {
        EnumMap<DropReason, Long> out = new EnumMap<>(DropReason.class);
        dropped.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    long droppedTotal() {
        long total = 0;
        for (LongAdder n : dropped.values()) {
            total += n.sum();
        }
        return total;
    }
}
