package io.inferscope.console;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Read access to this instance's stores: the running {@link KafkaStreams} in the service, a {@code
 * TopologyTestDriver} in unit tests. Stores span all local partitions.
 */
public interface StoreAccess {
    ReadOnlyWindowStore<String, byte[]> window(String name);

    ReadOnlyKeyValueStore<String, byte[]> keyValue(String name);

    /**
     * The local stores of a running application; throws {@code InvalidStateStoreException} while it
     * is (re)starting or rebalancing, which the API answers with 503.
     */
    static StoreAccess of(KafkaStreams streams) {
        return new StoreAccess() {
            @Override
            public ReadOnlyWindowStore<String, byte[]> window(String name) {
                return streams.store(
                        StoreQueryParameters.fromNameAndType(
                                name, QueryableStoreTypes.<String, byte[]>windowStore()));
            }

            @Override
            public ReadOnlyKeyValueStore<String, byte[]> keyValue(String name) {
                return streams.store(
                        StoreQueryParameters.fromNameAndType(
                                name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            }
        };
    }
}
