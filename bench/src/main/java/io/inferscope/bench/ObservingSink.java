package io.inferscope.bench;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TopicSpec;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sits between the gateway and its publisher and, while a window is open, records the TTFT the
 * gateway itself measured (arrival at the gateway → first content chunk at the gateway) from each
 * request's end record. Every record is still handed to the publisher unchanged; the extra work is
 * one type test per record. Comparing this TTFT with the client's tells how much of the added
 * latency lies inside the gateway's own measurement and how much around it (the extra hops).
 *
 * <p>For experiments only: with {@code -D}{@value #DISCARD_PROPERTY}{@code =true} in {@code
 * --gateway-jvm-flags} it drops every record instead (and reports it accepted), which shows what
 * publishing costs the request path: the publisher's and producer's threads, and the broker's.
 */
final class ObservingSink implements RecordSink {
    static final String DISCARD_PROPERTY = "bench.discardRecords";

    private final RecordSink delegate;
    private final Recorder ttftMicros = new Recorder(TimeUnit.SECONDS.toMicros(120), 3);
    private final boolean discard = Boolean.getBoolean(DISCARD_PROPERTY);
    private volatile boolean recording;

    ObservingSink(RecordSink delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> boolean publish(TopicSpec<T> topic, String key, T record) {
        if (recording
                && record instanceof RequestEvent e
                && e.type() == RequestEvent.Type.END
                && e.ttftMs() != null) {
            ttftMicros.recordValue(Math.round(e.ttftMs() * 1000));
        }
        return discard || delegate.publish(topic, key, record);
    }

    void open() {
        ttftMicros.reset();
        recording = true;
    }

    /** Closes the window and returns what it recorded (empty when no gateway traffic). */
    Histogram close() {
        recording = false;
        return ttftMicros.getIntervalHistogram();
    }
}
