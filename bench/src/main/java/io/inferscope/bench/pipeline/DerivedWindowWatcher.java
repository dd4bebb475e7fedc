package io.inferscope.bench.pipeline;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.RequestMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a derived-metrics topic from the beginning with {@code isolation.level=read_committed} (so
 * a record counts as visible only once the job's checkpoint committed its transaction) and hands
 * every record, with the wall time the poll returned it, to the listeners. Polls every 50 ms at
 * most: that bounds how late a visible record can be noticed.
 */
final class DerivedWindowWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordCodec<RequestMetrics> codec;
    private final List<BiConsumer<RequestMetrics, Long>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long undecodable;

    DerivedWindowWatcher(
            String bootstrap, String topic, int partitions, RecordCodec<RequestMetrics> codec) {
        Properties p = ReadCommitted.consumerProperties(bootstrap);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        this.consumer = new KafkaConsumer<>(p);
        this.codec = codec;
        List<TopicPartition> tps =
                java.util.stream.IntStream.range(0, partitions)
                        .mapToObj(i -> new TopicPartition(topic, i))
                        .toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        this.thread = new Thread(this::loop, "bench-watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    void addListener(BiConsumer<RequestMetrics, Long> listener) {
        listeners.add(listener);
    }

    void removeListener(BiConsumer<RequestMetrics, Long> listener) {
        listeners.remove(listener);
    }

    long undecodable() {
        return undecodable;
    }

    private void loop() {
        while (running) {
            var records = consumer.poll(Duration.ofMillis(50));
            long now = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    RequestMetrics m = codec.decode(r.value());
                    for (var l : listeners) {
                        l.accept(m, now);
                    }
                } catch (DecodeException e) {
                    undecodable++;
                }
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
