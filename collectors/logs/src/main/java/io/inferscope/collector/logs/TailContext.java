package io.inferscope.collector.logs;

import io.inferscope.collector.core.RecordSink;
import java.time.Clock;

/** What every followed file shares: where lines go, how they are built, what is counted. */
record TailContext(
        LineFactory factory, RecordSink sink, LogsMetrics metrics, Clock clock, int maxLineBytes) {

    /** Room for the CRI header (timestamp, stream, tags) on top of the message cap. */
    static final int CRI_HEADER_BYTES = 128;

    /**
     * Bytes kept of a physical line or a joined message: a little over the cap, so the cut can step
     * back to a character boundary and the line is known to be longer than the cap.
     */
    int keepBytes() {
        return maxLineBytes + 4;
    }
}
