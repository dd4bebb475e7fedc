package io.inferscope.console;

import io.inferscope.schemas.Topics;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The console's Kafka Streams topology: one source per input topic, each feeding a processor that
 * owns its named, queryable stores ({@link StoreNames}).
 *
 * <p>Inputs are read as raw bytes and decoded by the strict schema codec inside the processors: an
 * undecodable record is counted in {@link SkippedRecords} and skipped, so no deserialization
 * exception can reach Kafka Streams (the console's {@code
 * default.deserialization.exception.handler} never fires; keys are plain UTF-8 strings, which
 * always decode). Stores are built with the Processor API rather than {@code Materialized.as}: the
 * DSL's windowed stores would re-window by record timestamp, while these records already are
 * windows and must be stored by their own {@code window_start_ms}. Stores keep their changelogs
 * (the default), so a restarted or moved instance restores them instead of re-reading whole topics.
 */
public final class ConsoleTopology {
    private ConsoleTopology() {}

    public static void buildTopology(StreamsBuilder builder, ConsoleConfig config) {
        buildTopology(builder, config, new SkippedRecords());
    }

    public static void buildTopology(
            StreamsBuilder builder, ConsoleConfig config, SkippedRecords skipped) {
        Consumed<String, byte[]> bytes = Consumed.with(Serdes.String(), Serdes.ByteArray());
        for (StoreNames.Metrics m : StoreNames.Metrics.values()) {
            Set<StoreBuilder<?>> stores =
                    Set.of(
                            windowStore(m.fineStore(), config.fineRetention(), 10),
                            windowStore(m.coarseStore(), config.coarseRetention(), 60),
                            keyValueStore(m.latestStore()));
            builder.stream(m.topic().name(), bytes)
                    .process(supplier(() -> new MetricsWindowProcessor(m, skipped), stores));
        }
        builder.stream(Topics.ALERTS.name(), bytes)
                .process(
                        supplier(
                                () -> new AlertsProcessor(config.recentAlerts(), skipped),
                                Set.of(keyValueStore(StoreNames.ALERTS))));
        builder.stream(Topics.RAW_K8S.name(), bytes)
                .process(
                        supplier(
                                () -> new EventsProcessor(config.eventsPerDeployment(), skipped),
                                Set.of(keyValueStore(StoreNames.EVENTS))));
    }

    private static StoreBuilder<WindowStore<String, byte[]>> windowStore(
            String name, Duration retention, int windowS) {
        // Window size only shapes windowed keys; fetches here go by key and start time.
        Duration size = Duration.ofSeconds(windowS);
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(
                        name, retention.compareTo(size) < 0 ? size : retention, size, false),
                Serdes.String(),
                Serdes.ByteArray());
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> keyValueStore(String name) {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
    }

    private static ProcessorSupplier<String, byte[], Void, Void> supplier(
            Supplier<Processor<String, byte[], Void, Void>> factory, Set<StoreBuilder<?>> stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, byte[], Void, Void> get() {
                return factory.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }
}
