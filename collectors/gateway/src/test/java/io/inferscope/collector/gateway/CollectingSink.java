package io.inferscope.collector.gateway;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link RecordSink} that keeps what it is given, for unit tests of the gateway. */
final class CollectingSink implements RecordSink {
    record Published(String topic, String key, Object record) {}

    final List<Published> all = new CopyOnWriteArrayList<>();

    @Override
    public <T> boolean publish(TopicSpec<T> topic, String key, T record) {
        all.add(new Published(topic.name(), key, record));
        return true;
    }

    List<RequestEvent> requests() {
        return all.stream()
                .filter(p -> p.topic().equals(Topics.RAW_REQUESTS.name()))
                .map(p -> (RequestEvent) p.record())
                .toList();
    }

    List<TokenProgress> tokens() {
        return all.stream()
                .filter(p -> p.topic().equals(Topics.RAW_TOKENS.name()))
                .map(p -> (TokenProgress) p.record())
                .toList();
    }

    /** The first end record, waiting for it (bounded). */
    RequestEvent awaitEnd(long timeoutMs) throws InterruptedException {
        return awaitEnds(1, timeoutMs).get(0);
    }

    List<RequestEvent> awaitEnds(int n, long timeoutMs) throws InterruptedException {
        Predicate<RequestEvent> isEnd = e -> e.type() == RequestEvent.Type.END;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            List<RequestEvent> ends = requests().stream().filter(isEnd).toList();
            if (ends.size() >= n) {
                return ends;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("expected " + n + " end records, got " + requests());
    }
}
