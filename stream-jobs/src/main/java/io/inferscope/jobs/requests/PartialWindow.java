package io.inferscope.jobs.requests;

/**
 * What one subtask of the request lifecycle saw of one group's window since it last handed that
 * window on: the additive part ({@link WindowAccumulator}) and the in-flight changes ({@link
 * InflightDeltas}, offsets from {@link #windowStart}). {@link PartialWindowsOperator} builds them;
 * {@link WindowMetricsFunction} merges every partial of a window into the window. A Flink POJO.
 */
public class PartialWindow {
    /** The {@link GroupKey} of the window's group. */
    public String group;

    public long windowStart;
    public WindowAccumulator acc;

    /** Null when no fact of this partial changed the in-flight count. */
    public InflightDeltas deltas;

    public PartialWindow() {}

    PartialWindow(String group, long windowStart) {
        this.group = group;
        this.windowStart = windowStart;
        this.acc = new WindowAccumulator();
    }

    /** Adds one fact that falls in this window. */
    void add(Fact f) {
        acc.add(f);
        if (f.inflightDelta != 0) {
            if (deltas == null) {
                deltas = new InflightDeltas();
            }
            deltas.add(f.ts - windowStart, f.inflightDelta);
        }
    }

    @Override
    public String toString() {
        return "PartialWindow[" + GroupKey.labels(group) + " @" + windowStart + "]";
    }
}
