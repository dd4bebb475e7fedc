package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Deployment → ReplicaSet → Pod chain on the mock API server, through the real publisher to a
 * real broker, decoded back from {@code inferscope.raw.k8s}.
 */
class KubernetesCollectorITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path tmp;

    @Test
    void objectChangesReachTheRawK8sTopicKeyedByUid() throws Exception {
        KAFKA.createTopic(Topics.RAW_K8S.name(), Topics.RAW_K8S.partitions());
        PublisherConfig pc =
                PublisherConfig.builder(KAFKA.bootstrapServers())
                        .clientId("k8s-it")
                        .spoolDir(tmp.resolve("spool"))
                        .build();
        CollectingSink seen = new CollectingSink();
        String podUid;
        String deploymentUid;
        try (MockCluster cluster = MockCluster.start();
                Publisher publisher = Publisher.start(pc)) {
            KubernetesCollector collector =
                    KubernetesCollector.start(
                            cluster.collectorClient,
                            KubernetesCollectorConfig.defaults()
                                    .withCluster("it")
                                    .withUsageInterval(Duration.ZERO),
                            // Every record goes to Kafka; a copy tells the test when it was sent.
                            new RecordSink() {
                                @Override
                                public <T> boolean publish(
                                        TopicSpec<T> topic, String key, T record) {
                                    boolean ok = publisher.publish(topic, key, record);
                                    seen.publish(topic, key, record);
                                    return ok;
                                }
                            });
            try {
                Deployment d = cluster.deployment("vllm-llama", 1);
                ReplicaSet rs = cluster.replicaSet(d, "5d8f7c9b4");
                Pod pod = cluster.pod(rs, "x7k2p");
                podUid = pod.getMetadata().getUid();
                deploymentUid = d.getMetadata().getUid();
                cluster.status(pod, MockCluster.crashLooping(2));
                cluster.backOff(pod, 3, MockCluster.T0_PLUS_60S);
                cluster.client
                        .pods()
                        .inNamespace(MockCluster.NS)
                        .withName(pod.getMetadata().getName())
                        .delete();
                String uid = podUid;
                assertThat(
                                seen.await(
                                        r -> r.uid().equals(uid) && r.action() == Action.DELETED,
                                        WAIT))
                        .isNotNull();
                assertThat(seen.await(r -> r.kind() == Kind.EVENT, WAIT)).isNotNull();
            } finally {
                collector.close();
            }
            assertThat(publisher.flush(WAIT)).isTrue();
        }

        List<K8sRecord> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> c : KAFKA.readAll(Topics.RAW_K8S.name(), WAIT)) {
            K8sRecord r = Topics.RAW_K8S.codec().decode(c.value());
            assertThat(new String(c.key(), StandardCharsets.UTF_8)).isEqualTo(r.uid());
            records.add(r);
        }
        assertThat(records).hasSameSizeAs(seen.records());
        assertThat(records).allMatch(r -> "it".equals(r.cluster()));
        assertThat(records)
                .filteredOn(r -> r.uid().equals(deploymentUid))
                .extracting(K8sRecord::kind)
                .containsOnly(Kind.DEPLOYMENT);
        List<K8sRecord> pod = records.stream().filter(r -> r.uid().equals(podUid)).toList();
        assertThat(pod)
                .extracting(K8sRecord::action)
                .startsWith(Action.ADDED)
                .endsWith(Action.DELETED);
        assertThat(pod).allMatch(r -> "vllm-llama".equals(r.owningDeployment()));
        assertThat(pod)
                .anyMatch(
                        r ->
                                r.pod().containers().get(0).restartCount() == 2
                                        && "OOMKilled"
                                                .equals(
                                                        r.pod()
                                                                .containers()
                                                                .get(0)
                                                                .lastTerminatedReason()));
        assertThat(records)
                .filteredOn(r -> r.kind() == Kind.EVENT)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.event().reason()).isEqualTo("BackOff");
                            assertThat(e.event().involvedUid()).isEqualTo(podUid);
                            assertThat(e.owningDeployment()).isEqualTo("vllm-llama");
                        });
    }
}
