package io.inferscope.collector.core;

import io.inferscope.schemas.TopicSpec;

/**
 * Where collectors hand their records. Implementations never block the caller (a collector may call
 * this on a Netty event loop): a record that cannot be accepted is dropped, counted and reported,
 * and {@code false} is returned.
 */
public interface RecordSink {

    /**
     * Offers one record for delivery to {@code topic}, keyed by {@code key} (may be null).
     *
     * @return true when the record was accepted; false when it was dropped (counted by reason)
     */
    <T> boolean publish(TopicSpec<T> topic, String key, T record);
}
