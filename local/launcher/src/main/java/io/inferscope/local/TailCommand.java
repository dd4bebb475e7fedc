package io.inferscope.local;

import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inferscope tail TOPIC}: prints the records of a catalog topic as they arrive, decoded by
 * the topic's codec: one table row per record (header first), or with {@code --json} one JSON
 * object per line exactly as the codec encodes it. Reads committed records only. Options: {@code
 * --from-beginning}, {@code --max N} (stop after N records, decodable or not), {@code --group G}
 * (subscribe as consumer group G and commit its offsets; default: no group, every partition
 * assigned), {@code --timeout SECONDS} (stop after that long, 0 = never), and {@link KafkaOptions}.
 * A record that does not decode prints one {@code error partition=P offset=O: reason} line on
 * stderr and tailing goes on.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = "Print the records of a topic, decoded, as they arrive.")
public final class TailCommand extends BaseCommand {
    private static final Duration POLL = Duration.ofMillis(200);

    @Parameters(index = "0", paramLabel = "TOPIC", description = "A catalog topic name.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record.")
    boolean fromBeginning;

    @Option(names = "--json", description = "One JSON object per line, as the codec encodes it.")
    boolean json;

    @Option(
            names = "--max",
            paramLabel = "N",
            description = "Stop after N records (decodable or not).")
    long max;

    @Option(
            names = "--group",
            paramLabel = "G",
            description =
                    "Read as consumer group G, committing its offsets (default: no group, every"
                            + " partition assigned).")
    String group;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: never).")
    long timeoutS;

    @Mixin KafkaOptions kafka;

    private volatile boolean stopRequested;

    @Override
    protected int run() {
        TopicSpec<?> spec = Catalog.require(topic);
        kafka.requireReachable();
        return tail(spec);
    }

    private <T> int tail(TopicSpec<T> spec) {
        RecordCodec<T> codec = spec.codec();
        RecordTable<T> table = RecordTables.of(spec.recordType());
        CountDownLatch done = new CountDownLatch(1);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            Thread hook =
                    new Thread(() -> stopOnSignal(consumer, done), "inferscope-tail-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                start(consumer, spec.name());
                // Counted once the consumer is positioned, so a slow start does not eat it.
                long deadline =
                        timeoutS > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS) : 0;
                long seen = 0;
                boolean headerPrinted = false;
                while (!stopRequested
                        && (max <= 0 || seen < max)
                        && (deadline == 0 || System.nanoTime() < deadline)) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                        if (max > 0 && seen >= max) {
                            break;
                        }
                        seen++;
                        T value;
                        try {
                            value = codec.decode(r.value());
                        } catch (DecodeException e) {
                            err().println(
                                            "error partition="
                                                    + r.partition()
                                                    + " offset="
                                                    + r.offset()
                                                    + ": "
                                                    + e.getMessage());
                            continue;
                        }
                        if (json) {
                            out().println(new String(codec.encode(value), StandardCharsets.UTF_8));
                        } else {
                            if (!headerPrinted) {
                                out().println(table.header());
                                headerPrinted = true;
                            }
                            out().println(table.row(value));
                        }
                    }
                    out().flush();
                    err().flush();
                }
            } catch (WakeupException e) {
                // Ctrl-C: stopOnSignal woke the consumer up
            } finally {
                removeHook(hook);
            }
        } finally {
            done.countDown();
        }
        return 0;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put("isolation.level", "read_committed");
        p.put("client.id", "inferscope-tail");
        // Answer fetches on quiet partitions sooner than the 500 ms default: a person is watching.
        p.put("fetch.max.wait.ms", "100");
        p.putAll(kafka.clientProperties());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        if (group != null) {
            p.put("group.id", group);
            p.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        } else {
            p.put("enable.auto.commit", "false");
        }
        return p;
    }

    private void start(KafkaConsumer<byte[], byte[]> consumer, String name) {
        if (group != null) {
            consumer.subscribe(List.of(name));
            return;
        }
        List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(15));
        if (infos == null || infos.isEmpty()) {
            throw new CliException(
                    CliException.FAILURE,
                    "topic " + name + " does not exist on " + kafka.bootstrapServers());
        }
        List<TopicPartition> partitions =
                infos.stream().map(i -> new TopicPartition(name, i.partition())).toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    private void stopOnSignal(KafkaConsumer<byte[], byte[]> consumer, CountDownLatch done) {
        stopRequested = true;
        consumer.wakeup();
        try {
            done.await(5, TimeUnit.SECONDS); // let the loop close the consumer cleanly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running
        }
    }
}
