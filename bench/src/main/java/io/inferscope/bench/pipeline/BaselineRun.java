package io.inferscope.bench.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Bare Kafka: a plain producer with the publisher's settings (lz4, linger 5 ms, 64 KB batches,
 * {@code acks=all}, idempotent) sends pre-encoded records while a {@code read_committed} consumer
 * reads them back; records/s = n ÷ (last record consumed − first send). The values cycle through a
 * pool of encoded records (a pool, not n distinct arrays, to keep the heap small: batches of 64 KB
 * never see a repeat, so compression is unaffected).
 */
final class BaselineRun {
    /** What one run measured. */
    record Result(long records, long bytes, double seconds, double produceSeconds) {
        double recordsPerSecond() {
            return records / seconds;
        }

        double mbPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    private BaselineRun() {}

    static Result run(
            String bootstrap,
            String topic,
            int partitions,
            byte[][] keys,
            byte[][] values,
            long n,
            Duration timeout)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        AtomicLong lastConsumedNanos = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        Thread reader =
                new Thread(
                        () ->
                                consume(
                                        bootstrap,
                                        topic,
                                        partitions,
                                        n,
                                        timeout,
                                        ready,
                                        consumed,
                                        lastConsumedNanos),
                        "bench-baseline-consumer");
        reader.start();
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("baseline consumer did not start");
        }
        long bytes = 0;
        long firstSend;
        long produced;
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps(bootstrap))) {
            firstSend = System.nanoTime();
            for (long i = 0; i < n; i++) {
                int k = (int) (i % values.length);
                bytes += values[k].length;
                producer.send(
                        new ProducerRecord<>(topic, keys[k], values[k]),
                        (md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            produced = System.nanoTime();
        }
        reader.join(timeout.toMillis() + 10_000);
        if (failed.get() > 0 || consumed.get() < n) {
            throw new IllegalStateException(
                    "baseline lost records: "
                            + failed.get()
                            + " failed sends, "
                            + consumed.get()
                            + " of "
                            + n
                            + " consumed");
        }
        return new Result(
                n,
                bytes,
                (lastConsumedNanos.get() - firstSend) / 1e9,
                (produced - firstSend) / 1e9);
    }

    private static void consume(
            String bootstrap,
            String topic,
            int partitions,
            long n,
            Duration timeout,
            CountDownLatch ready,
            AtomicLong consumed,
            AtomicLong lastNanos) {
        Properties p = ReadCommitted.consumerProperties(bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps =
                    IntStream.range(0, partitions)
                            .mapToObj(i -> new TopicPartition(topic, i))
                            .toList();
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            tps.forEach(consumer::position); // resolve the end offsets before the first send
            ready.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumed.get() < n && System.nanoTime() < deadline) {
                int count = consumer.poll(Duration.ofMillis(100)).count();
                if (count > 0) {
                    consumed.addAndGet(count);
                    lastNanos.set(System.nanoTime());
                }
            }
        }
    }

    private static Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
