package io.inferscope.local;

import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code inferscope topics}: the catalog topics on the broker with partitions, retention and an
 * approximate record count. The count is end offset − start offset summed over partitions: on
 * topics written in transactions (the exactly-once Flink jobs) every commit or abort adds a marker
 * that takes an offset, and aborted records count too, so it is an upper bound, printed {@code ~N}.
 * An exact committed count would mean reading the whole topic. Options: {@link KafkaOptions}.
 */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "List the catalog topics with partitions, retention and record counts.")
public final class TopicsCommand extends BaseCommand {
    private static final long TIMEOUT_S = 15;
    private static final RecordTable<Row> TABLE =
            new RecordTable<Row>()
                    .col("TOPIC", 30, Row::name)
                    .col("PARTITIONS", 10, Row::partitions)
                    .col("RETENTION", 9, Row::retention)
                    .col("RECORDS", 0, Row::records);

    @Mixin KafkaOptions kafka;

    private record Row(String name, String partitions, String retention, String records) {}

    @Override
    protected int run() throws Exception {
        kafka.requireReachable();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<String> present = new ArrayList<>();
            for (TopicSpec<?> spec : Topics.ALL) {
                if (existing.contains(spec.name())) {
                    present.add(spec.name());
                }
            }
            Map<String, TopicDescription> described =
                    admin.describeTopics(present).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<String, String> retention = retention(admin, present);
            Map<String, Long> counts = counts(admin, described);
            out().println(TABLE.header());
            for (TopicSpec<?> spec : Topics.ALL) {
                TopicDescription d = described.get(spec.name());
                out().println(
                                TABLE.row(
                                        d == null
                                                ? new Row(
                                                        spec.name(), "missing", Fmt.NONE, Fmt.NONE)
                                                : new Row(
                                                        spec.name(),
                                                        String.valueOf(d.partitions().size()),
                                                        retention.getOrDefault(
                                                                spec.name(), Fmt.NONE),
                                                        "~"
                                                                + counts.getOrDefault(
                                                                        spec.name(), 0L))));
            }
            out().println(
                            "(~: end - start offsets; transaction markers and aborted records count)");
            Set<String> others = new TreeSet<>(existing);
            Topics.ALL.forEach(t -> others.remove(t.name()));
            if (!others.isEmpty()) {
                out().println("other topics: " + String.join(", ", others));
            }
        }
        return 0;
    }

    private static Map<String, String> retention(Admin admin, List<String> topics)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        List<ConfigResource> resources =
                topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<String, String> out = new HashMap<>();
        configs.forEach(
                (r, c) -> {
                    ConfigEntry e = c.get("retention.ms");
                    out.put(r.name(), e == null ? Fmt.NONE : humanMs(e.value()));
                });
        return out;
    }

    private static Map<String, Long> counts(Admin admin, Map<String, TopicDescription> topics)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topics.values()
                .forEach(
                        d ->
                                d.partitions()
                                        .forEach(
                                                p -> {
                                                    TopicPartition tp =
                                                            new TopicPartition(
                                                                    d.name(), p.partition());
                                                    earliest.put(tp, OffsetSpec.earliest());
                                                    latest.put(tp, OffsetSpec.latest());
                                                }));
        KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> start =
                admin.listOffsets(earliest).all();
        Map<TopicPartition, ListOffsetsResultInfo> end =
                admin.listOffsets(latest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> begin = start.get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<String, Long> counts = new HashMap<>();
        end.forEach(
                (tp, info) ->
                        counts.merge(
                                tp.topic(), info.offset() - begin.get(tp).offset(), Long::sum));
        return counts;
    }

    /** {@code 86400000} → {@code 1d}; {@code -1} → {@code forever}. */
    static String humanMs(String value) {
        long ms;
        try {
            ms = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return value;
        }
        if (ms < 0) {
            return "forever";
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i] && ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
