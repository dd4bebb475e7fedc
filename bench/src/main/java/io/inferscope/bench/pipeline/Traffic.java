package io.inferscope.bench.pipeline;

import io.inferscope.collector.core.Publisher;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.utils.Utils;

/** Publishing helpers shared by the pipeline phases. */
final class Traffic {
    /**
     * A bench topic laid out like {@code inferscope.raw.requests}: keyed by request id, as many
     * partitions.
     */
    static TopicSpec<RequestEvent> requestTopic(String name) {
        return new TopicSpec<>(
                name, RequestEvent.class, "request_id", Topics.RAW_REQUESTS.partitions(), Map.of());
    }

    static final long WINDOW_MS = 10_000;

    private Traffic() {}

    static long alignDown(long ms) {
        return Math.floorDiv(ms, WINDOW_MS) * WINDOW_MS;
    }

    static long alignUp(long ms) {
        return alignDown(ms + WINDOW_MS - 1);
    }

    /**
     * Publishes every record as fast as the publisher takes them. {@link Publisher#publish} never
     * blocks (a full queue drops), so this waits while its queue is more than half full.
     *
     * @return records the publisher refused (should be 0)
     */
    static long publishAll(
            Publisher publisher, TopicSpec<RequestEvent> topic, Iterator<RequestEvent> records) {
        long refused = 0;
        long i = 0;
        int capacity = publisher.config().queueCapacity();
        while (records.hasNext()) {
            if ((i++ & 255) == 0) {
                while (publisher.metrics().queueDepth() > capacity / 2) {
                    LockSupport.parkNanos(200_000);
                }
            }
            RequestEvent e = records.next();
            if (!publisher.publish(topic, e.requestId(), e)) {
                refused++;
            }
        }
        return refused;
    }

    /**
     * Publishes each record when the wall clock reaches its event time (records are in time order),
     * so event time is "now" as in production.
     */
    static long publishLive(
            Publisher publisher, TopicSpec<RequestEvent> topic, Iterator<RequestEvent> records) {
        long refused = 0;
        while (records.hasNext()) {
            RequestEvent e = records.next();
            long wait = e.tsMs() - System.currentTimeMillis();
            if (wait > 0) {
                LockSupport.parkNanos(wait * 1_000_000);
            }
            if (!publisher.publish(topic, e.requestId(), e)) {
                refused++;
            }
        }
        return refused;
    }

    /**
     * One short request at {@code tsMs} in every partition of {@code topic}: every partition's
     * watermark moves past the data before it, so its last windows close without waiting for source
     * idleness. Keys are chosen with Kafka's own key hash (the default partitioner's).
     */
    static void publishTail(
            Publisher publisher, TopicSpec<RequestEvent> topic, String idPrefix, long tsMs) {
        for (int p = 0; p < topic.partitions(); p++) {
            String key = keyForPartition(idPrefix + "tail-" + p + "-", p, topic.partitions());
            var labels = RequestTraffic.labels(p);
            publisher.publish(
                    topic,
                    key,
                    RequestEvent.start(
                            key, tsMs, labels, RequestEvent.Endpoint.CHAT_COMPLETIONS, true));
            publisher.publish(
                    topic,
                    key,
                    new RequestEvent(
                            RequestEvent.Type.END,
                            key,
                            tsMs + 100,
                            labels,
                            RequestEvent.Endpoint.CHAT_COMPLETIONS,
                            true,
                            RequestEvent.Status.OK,
                            200,
                            null,
                            1.0,
                            20.0,
                            100.0,
                            80.0,
                            8.0,
                            10,
                            11,
                            false));
        }
    }

    static String keyForPartition(String prefix, int partition, int partitions) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            byte[] b = key.getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(b)) % partitions == partition) {
                return key;
            }
        }
    }
}
