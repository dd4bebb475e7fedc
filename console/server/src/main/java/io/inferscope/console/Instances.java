package io.inferscope.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which console instance holds what, from Kafka Streams metadata ({@code application.server} of
 * each instance). Derived records are keyed by their group, so the instance that owns a group's
 * windows is the one that owns the group's Kafka partition: {@link #ownerOf} asks {@link
 * KafkaStreams#queryMetadataForKey} with the group as the key.
 */
final class Instances {
    private final KafkaStreams streams;
    private final HostInfo self;

    Instances(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** The Streams application's state name (CREATED, REBALANCING, RUNNING, ...). */
    String state() {
        return streams.state().name();
    }

    HostInfo self() {
        return self;
    }

    /**
     * The other instance that holds {@code group} in {@code store}; empty when it is this one.
     * While no owner is known (starting, rebalancing) this throws {@link
     * InvalidStateStoreException} (a 503): answering from the local store instead would return an
     * empty series that looks like real data.
     */
    Optional<HostInfo> ownerOf(String store, String group) {
        KeyQueryMetadata md =
                streams.queryMetadataForKey(store, group, Serdes.String().serializer());
        if (md == null
                || md.equals(KeyQueryMetadata.NOT_AVAILABLE)
                || md.activeHost().equals(HostInfo.unavailable())) {
            throw new InvalidStateStoreException(
                    "no instance holds store " + store + " for '" + group + "' yet (rebalancing)");
        }
        if (md.activeHost().equals(self)) {
            return Optional.empty();
        }
        return Optional.of(md.activeHost());
    }

    /** Every other instance of the application (to gather lists that span partitions). */
    List<HostInfo> others() {
        List<HostInfo> out = new ArrayList<>();
        for (StreamsMetadata md : streams.metadataForAllStreamsClients()) {
            if (!md.hostInfo().equals(self)) {
                out.add(md.hostInfo());
            }
        }
        return out;
    }

    ObjectNode describe() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("self", self.host() + ":" + self.port());
        out.put("state", streams.state().name());
        ArrayNode list = out.putArray("instances");
        for (StreamsMetadata md : streams.metadataForAllStreamsClients()) {
            ObjectNode i = list.addObject();
            i.put("host", md.host()).put("port", md.port());
            i.put("self", md.hostInfo().equals(self));
            md.stateStoreNames().stream().sorted().forEach(i.withArray("stores")::add);
            md.topicPartitions().stream()
                    .map(tp -> tp.topic() + "-" + tp.partition())
                    .sorted()
                    .forEach(i.withArray("partitions")::add);
            md.standbyTopicPartitions().stream()
                    .map(tp -> tp.topic() + "-" + tp.partition())
                    .sorted()
                    .forEach(i.withArray("standby_partitions")::add);
        }
        return out;
    }
}
