package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.EventWindows;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Scope;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Pre-aggregates the lifecycle's facts per group and window inside the lifecycle's own subtask, so
 * that a window's group receives a few {@link PartialWindow}s instead of every fact: each fact is
 * counted once per group it belongs to (scope {@code deployment_model}, and scope {@code replica}
 * when the replica is known; a {@link Fact#replicaOnly} fact in scope {@code replica} only) into
 * the partial of its window.
 *
 * <p>A partial is handed on (and forgotten here):
 *
 * <ul>
 *   <li>when the watermark passes its window's end, before the watermark itself: the window
 *       operator then has every on-time fact before its timer can fire (a fact still within allowed
 *       lateness later starts a new partial, handed on at the next watermark);
 *   <li>before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}), so this operator has
 *       no state: what it held is in the window operator's state or in flight before the barrier,
 *       and a restore neither loses nor repeats a fact;
 *   <li>when more than {@link #MAX_PARTIALS} are open (label churn), and at the end of the input.
 * </ul>
 *
 * <p>Why: before, every fact went on to the window operator through a second shuffle, serialized,
 * then looked up and written back in keyed state — the largest per-record cost after the lifecycle
 * itself. The sketches are filled here instead, and merged downstream (DDSketch merges exactly).
 *
 * <p>Options read: {@code window}.
 */
public final class PartialWindowsOperator extends AbstractStreamOperator<PartialWindow>
        implements OneInputStreamOperator<Fact, PartialWindow> {
    private static final long serialVersionUID = 1L;

    /** Beyond this many open partials everything is handed on at once (bounds memory). */
    static final int MAX_PARTIALS = 16_384;

    /** Beyond this many label sets the key cache starts over (bounds memory on label churn). */
    static final int MAX_CACHED_KEYS = 4_096;

    private final long sizeMs;

    /** Open partials by window start, then group key. */
    private transient TreeMap<Long, Map<String, PartialWindow>> open;

    /** The replica key (null without a replica) and the deployment/model key of a label set. */
    private transient Map<Labels, String[]> keys;

    private transient int count;
    private transient long lastStart;
    private transient Map<String, PartialWindow> lastWindow;

    public PartialWindowsOperator(JobConfig config) {
        this.sizeMs = config.windowMs();
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new TreeMap<>();
        keys = new HashMap<>();
        lastWindow = null;
    }

    @Override
    public void processElement(StreamRecord<Fact> element) {
        Fact f = element.getValue();
        String[] groups = groupKeys(f);
        long start = EventWindows.start(f.ts, sizeMs);
        if (groups[0] != null) {
            partial(groups[0], start).add(f);
        }
        if (!f.replicaOnly) {
            partial(groups[1], start).add(f);
        }
        if (count > MAX_PARTIALS) {
            flushUpTo(Long.MAX_VALUE);
        }
    }

    private PartialWindow partial(String group, long start) {
        Map<String, PartialWindow> window = lastWindow;
        if (window == null || lastStart != start) {
            window = open.computeIfAbsent(start, s -> new HashMap<>());
            lastWindow = window;
            lastStart = start;
        }
        PartialWindow p = window.get(group);
        if (p == null) {
            p = new PartialWindow(group, start);
            window.put(group, p);
            count++;
        }
        return p;
    }

    private String[] groupKeys(Fact f) {
        Labels labels = f.labels();
        String[] groups = keys.get(labels);
        if (groups == null) {
            if (keys.size() >= MAX_CACHED_KEYS) {
                keys.clear();
            }
            boolean replica = f.replica != null && !f.replica.isEmpty();
            groups =
                    new String[] {
                        replica ? GroupKey.of(Scope.REPLICA, labels) : null,
                        GroupKey.of(Scope.DEPLOYMENT_MODEL, labels)
                    };
            keys.put(labels, groups);
        }
        return groups;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Windows whose last millisecond the watermark has passed: [start, start + size - 1].
        long ts = mark.getTimestamp();
        if (ts == Long.MAX_VALUE) {
            flushUpTo(Long.MAX_VALUE);
        } else if (ts > Long.MIN_VALUE + sizeMs) {
            flushUpTo(ts - sizeMs + 1);
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flushUpTo(Long.MAX_VALUE);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flushUpTo(Long.MAX_VALUE);
        super.finish();
    }

    /** Hands on every partial of a window starting at or before {@code lastStartIncl}. */
    private void flushUpTo(long lastStartIncl) {
        Iterator<Map.Entry<Long, Map<String, PartialWindow>>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Map<String, PartialWindow>> e = it.next();
            if (e.getKey() > lastStartIncl) {
                break;
            }
            long timestamp = e.getKey() + sizeMs - 1;
            for (PartialWindow p : e.getValue().values()) {
                output.collect(new StreamRecord<>(p, timestamp));
                count--;
            }
            it.remove();
            if (e.getValue() == lastWindow) {
                lastWindow = null;
            }
        }
    }
}
