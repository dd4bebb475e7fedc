package io.inferscope.console;

import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Puts each derived metrics record into its window store (by window start) and, when it is the
 * newest window of its {@code group|window_s}, into the latest store. The stored value is the
 * record's bytes as received, after the strict codec accepted them, so field paths address the wire
 * JSON. A re-emitted window (a late update) replaces the earlier one.
 */
final class MetricsWindowProcessor implements Processor<String, byte[], Void, Void> {
    private final StoreNames.Metrics metrics;
    private final RecordCodec<?> codec;
    private final SkippedRecords skipped;
    private WindowStore<String, byte[]> fine;
    private WindowStore<String, byte[]> coarse;
    private KeyValueStore<String, byte[]> latest;

    MetricsWindowProcessor(StoreNames.Metrics metrics, SkippedRecords skipped) {
        this.metrics = metrics;
        this.codec = metrics.topic().codec();
        this.skipped = skipped;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        fine = context.getStateStore(metrics.fineStore());
        coarse = context.getStateStore(metrics.coarseStore());
        latest = context.getStateStore(metrics.latestStore());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Window w;
        try {
            w = window(codec.decode(record.value()), record.key());
        } catch (DecodeException e) {
            skipped.skip(metrics.topic().name(), e.getMessage());
            return;
        }
        String key = StoreNames.windowKey(w.group, w.windowS);
        (w.windowS < StoreNames.COARSE_FROM_S ? fine : coarse).put(key, record.value(), w.startMs);
        byte[] previous = latest.get(key);
        if (previous == null || startOf(previous) <= w.startMs) {
            latest.put(key, record.value());
        }
    }

    private long startOf(byte[] stored) {
        try {
            return window(codec.decode(stored), "").startMs;
        } catch (DecodeException e) {
            return Long.MIN_VALUE; // cannot happen: only decodable bytes are stored
        }
    }

    private record Window(String group, int windowS, long startMs) {}

    /** The group is the record key; records without one fall back to their labels. */
    private static Window window(Object decoded, String key) {
        boolean keyed = key != null && !key.isEmpty();
        if (decoded instanceof RequestMetrics r) {
            String group = keyed ? key : requestGroup(r.scope(), r.labels());
            return new Window(group, r.windowS(), r.windowStartMs());
        }
        if (decoded instanceof GpuMetrics g) {
            String group = keyed ? key : gpuGroup(g);
            return new Window(group, g.windowS(), g.windowStartMs());
        }
        ClusterMetrics c = (ClusterMetrics) decoded;
        String group =
                keyed ? key : dash(c.labels().namespace()) + "/" + dash(c.labels().deployment());
        return new Window(group, c.windowS(), c.windowStartMs());
    }

    private static String requestGroup(Scope scope, Labels labels) {
        String base = labels.deploymentModelKey();
        return scope == Scope.REPLICA ? base + "/" + dash(labels.replica()) : base;
    }

    private static String gpuGroup(GpuMetrics g) {
        return switch (g.scope()) {
            case GPU -> dash(g.gpuUuid());
            case NODE -> dash(g.labels().node());
            default -> dash(g.labels().namespace()) + "/" + dash(g.labels().deployment());
        };
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
