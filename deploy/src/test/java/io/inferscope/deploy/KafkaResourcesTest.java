package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Strimzi resources: a KRaft cluster, the topic catalog as KafkaTopics, users with ACLs. */
class KafkaResourcesTest {
    private static final String CLUSTER = "inferscope";

    private final Manifests manifests = Manifests.load();

    /** One KafkaTopic per catalog topic: same name, partitions and configs; nothing else. */
    @Test
    void kafkaTopicsEqualTheTopicCatalog() {
        Map<String, String> expected = new TreeMap<>();
        for (TopicSpec<?> t : Topics.ALL) {
            expected.put(t.name(), describe(t.partitions(), t.config()));
        }
        Map<String, String> actual = new TreeMap<>();
        for (GenericKubernetesResource t : manifests.custom("KafkaTopic")) {
            String name = (String) t.get("spec", "topicName");
            assertThat(name).as(t.getMetadata().getName()).isEqualTo(t.getMetadata().getName());
            Map<String, Object> config = t.get("spec", "config");
            Map<String, String> asText =
                    config.entrySet().stream()
                            .collect(
                                    Collectors.toMap(
                                            Map.Entry::getKey, e -> String.valueOf(e.getValue())));
            assertThat(actual.put(name, describe(t.get("spec", "partitions"), asText)))
                    .as("two KafkaTopics for %s", name)
                    .isNull();
            assertThat((Integer) t.get("spec", "replicas")).as(name).isEqualTo(3);
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", CLUSTER);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theClusterRunsInKraftModeOnANodePoolWithControllers() {
        assertThat(manifests.find("Kafka", CLUSTER)).isPresent();
        GenericKubernetesResource kafka = manifests.custom("Kafka").get(0);
        // KRaft only: no ZooKeeper section (Strimzi 1.0 has none to give).
        assertThat((Object) kafka.get("spec", "zookeeper")).isNull();
        List<GenericKubernetesResource> pools = manifests.custom("KafkaNodePool");
        assertThat(pools).isNotEmpty();
        assertThat(pools)
                .allSatisfy(
                        p ->
                                assertThat(p.getMetadata().getLabels())
                                        .containsEntry("strimzi.io/cluster", CLUSTER));
        List<Object> roles =
                pools.stream()
                        .flatMap(p -> ((List<?>) p.get("spec", "roles")).stream())
                        .map(Object::toString)
                        .collect(Collectors.toList());
        assertThat(roles).contains("controller", "broker");
        // Transactions (the jobs' exactly-once sinks) survive a broker loss.
        Map<String, Object> config = kafka.get("spec", "kafka", "config");
        assertThat(config)
                .containsEntry("transaction.state.log.min.isr", 2)
                .containsEntry("min.insync.replicas", 2);
    }

    @Test
    void theBootstrapInTheConfigMapIsTheClustersAuthenticatedListener() {
        GenericKubernetesResource kafka = manifests.custom("Kafka").get(0);
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
        assertThat(listeners).hasSize(1);
        Map<String, Object> listener = listeners.get(0);
        assertThat(listener).containsEntry("tls", true);
        assertThat(((Map<?, ?>) listener.get("authentication")).get("type"))
                .isEqualTo("scram-sha-512");
        String bootstrap = manifests.configMapData("inferscope-config").get("KAFKA_BOOTSTRAP");
        assertThat(bootstrap)
                .isEqualTo(
                        CLUSTER
                                + "-kafka-bootstrap."
                                + Manifests.NAMESPACE
                                + ".svc:"
                                + listener.get("port"));
    }

    /**
     * Every topic ACL names catalog topics (exactly, or as a prefix of some), except the console's
     * Kafka Streams internal topics; no user may do everything.
     */
    @Test
    void userAclsNameCatalogTopicsAndNeverAll() {
        Set<String> topics = Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toSet());
        List<GenericKubernetesResource> users = manifests.custom("KafkaUser");
        assertThat(users)
                .extracting(u -> u.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "inferscope-collectors",
                        "inferscope-jobs",
                        "inferscope-console",
                        "inferscope-rules-admin");
        for (GenericKubernetesResource u : users) {
            String user = u.getMetadata().getName();
            List<Map<String, Object>> acls = u.get("spec", "authorization", "acls");
            for (Map<String, Object> acl : acls) {
                Map<?, ?> resource = (Map<?, ?>) acl.get("resource");
                @SuppressWarnings("unchecked")
                List<Object> ops = (List<Object>) acl.get("operations");
                assertThat(ops).as(user).isNotEmpty().doesNotContain("All");
                assertThat(resource.get("type")).as(user).isNotEqualTo("cluster");
                if (!"topic".equals(resource.get("type"))) {
                    continue;
                }
                String name = (String) resource.get("name");
                boolean prefix = "prefix".equals(resource.get("patternType"));
                boolean streamsInternal =
                        user.equals("inferscope-console")
                                && name.equals("inferscope-console-")
                                && prefix;
                boolean matches =
                        prefix
                                ? topics.stream().anyMatch(t -> t.startsWith(name))
                                : topics.contains(name);
                assertThat(matches || streamsInternal)
                        .as("%s ACL on topic %s matches no catalog topic", user, name)
                        .isTrue();
                if (!streamsInternal) {
                    assertThat(ops)
                            .as("%s may not create or delete %s", user, name)
                            .doesNotContain("Create", "Delete", "Alter", "AlterConfigs");
                }
            }
        }
    }

    private static String describe(Object partitions, Map<String, String> config) {
        return "partitions=" + partitions + " config=" + new TreeMap<>(config);
    }
}
