package io.inferscope.jobs.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.requests.ItSupport.TestTopics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guards the Kafka version pin (STACK.md): with kafka-clients 4.3 or newer every exactly-once
 * checkpoint of the Flink Kafka connector fails ({@code NoSuchMethodError} in {@code
 * FlinkKafkaInternalProducer}), so no checkpoint completes and no output becomes visible.
 */
class KafkaVersionGuardITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = ItSupport.miniCluster();

    @Test
    void kafkaClientsStayOnThe42Line() {
        assertThat(AppInfoParser.getVersion())
                .as("kafka-clients >= 4.3 breaks the connector's exactly-once sink")
                .startsWith("4.2");
    }

    @Test
    void anExactlyOnceJobCompletesCheckpointsAndCommitsItsOutput(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        final long t0 = ItSupport.recentT0();
        TestTopics topics = TestTopics.create(KAFKA, "guard");
        JobConfig config = ItSupport.config(KAFKA, "guard");
        List<ProducerRecord<byte[], byte[]>> in =
                new ArrayList<>(ItSupport.traffic(topics, t0, 0, 1));
        in.addAll(ItSupport.clock(topics, t0 + 20_000));
        ItSupport.produce(KAFKA, in);

        StreamExecutionEnvironment env = ItSupport.environment(0);
        ItSupport.job(config, topics, false).build(env);
        JobClient client = env.executeAsync("kafka-version-guard");
        try {
            ItSupport.await(
                    "two completed exactly-once checkpoints",
                    Duration.ofSeconds(60),
                    () -> {
                        CheckpointStatsCounts counts = counts(cluster, client);
                        return counts != null && counts.getNumberOfCompletedCheckpoints() >= 2;
                    });
            // The first window of the three groups, committed and visible to read_committed.
            assertThat(KAFKA.consume(topics.metrics().name(), 3, Duration.ofSeconds(30)))
                    .hasSize(3);
        } finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static CheckpointStatsCounts counts(MiniCluster cluster, JobClient client) {
        try {
            return cluster.getExecutionGraph(client.getJobID())
                    .get(10, TimeUnit.SECONDS)
                    .getCheckpointStatsSnapshot()
                    .getCounts();
        } catch (Exception e) {
            return null; // not scheduled yet
        }
    }
}
