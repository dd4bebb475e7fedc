package io.inferscope.collector.gateway;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every event loop of one gateway shares: config, sink, router, metrics. Thread-safe. */
final class GatewayRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);

    /** Bytes of an unfinished SSE block held while the gateway may have to drop it. */
    static final int MAX_HELD_SSE_BYTES = 64 * 1024;

    /** Largest SSE data payload inspected; larger events pass through uncounted. */
    static final int MAX_SSE_DATA_BYTES = 4 * 1024 * 1024;

    /** Largest non-streaming response body kept aside to read its usage. */
    static final int MAX_USAGE_BODY_BYTES = 16 * 1024 * 1024;

    final GatewayConfig config;
    final RecordSink sink;
    final ReplicaRouter router;
    final GatewayMetrics metrics;
    final ChunkInspector inspector = new ChunkInspector(Codecs.mapper());

    GatewayRuntime(GatewayConfig config, RecordSink sink, GatewayMetrics metrics) {
        this.config = config;
        this.sink = sink;
        this.metrics = metrics;
        this.router =
                new ReplicaRouter(
                        config.upstreams(),
                        config.maxInflightPerReplica(),
                        config.maxQueue(),
                        config.ejectAfter(),
                        config.ejectCooldown(),
                        System::nanoTime);
        metrics.attach(router);
    }

    /** Hands a record to the sink; never throws and never blocks the event loop. */
    <T> void publish(TopicSpec<T> topic, String key, T record) {
        boolean accepted;
        try {
            accepted = sink.publish(topic, key, record);
        } catch (RuntimeException e) {
            // A failing sink must not break the proxied request; the record is counted as lost.
            LOG.warn("record sink failed on {}: {}", topic.name(), e.toString());
            accepted = false;
        }
        if (!accepted) {
            metrics.notAccepted();
        }
    }
}
