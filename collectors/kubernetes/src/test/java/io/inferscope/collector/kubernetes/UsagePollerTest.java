package io.inferscope.collector.kubernetes;

import static io.inferscope.collector.kubernetes.MockCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Kind;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Container usage from metrics.k8s.io, served by the mock server as metrics-server would. */
class UsagePollerTest {
    private static final String ALL_PODS = "/apis/metrics.k8s.io/v1beta1/pods";
    private static final String NS_PODS = "/apis/metrics.k8s.io/v1beta1/namespaces/" + NS + "/pods";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private MockCluster cluster;
    private final CollectingSink sink = new CollectingSink();
    private KubernetesCollector collector;

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
        cluster.close();
        assertThat(sink.problems()).isEmpty();
    }

    private void startCollector(List<String> namespaces) {
        collector =
                KubernetesCollector.start(
                        cluster.collectorClient,
                        KubernetesCollectorConfig.defaults()
                                .withNamespaces(namespaces)
                                .withUsageInterval(Duration.ofMillis(100)),
                        sink);
    }

    private static PodMetricsList metrics(String podName) {
        return new PodMetricsListBuilder()
                .addToItems(
                        new PodMetricsBuilder()
                                .withNewMetadata()
                                .withName(podName)
                                .withNamespace(NS)
                                .endMetadata()
                                .withTimestamp(MockCluster.T0_PLUS_60S)
                                .withWindow(
                                        new io.fabric8.kubernetes.api.model.Duration(
                                                Duration.ofSeconds(30)))
                                .addNewContainer()
                                .withName("vllm")
                                .addToUsage("cpu", new Quantity("250m"))
                                .addToUsage("memory", new Quantity("1536Mi"))
                                .endContainer()
                                .build())
                .addToItems(
                        new PodMetricsBuilder()
                                .withNewMetadata()
                                .withName("not-watched")
                                .withNamespace(NS)
                                .endMetadata()
                                .withTimestamp(MockCluster.T0_PLUS_60S)
                                .addNewContainer()
                                .withName("c")
                                .addToUsage("cpu", new Quantity("1"))
                                .endContainer()
                                .build())
                .build();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within %s", WAIT).isTrue();
    }

    @Test
    void containerUsageIsPublishedOncePerMetricsServerSample() throws Exception {
        ReplicaSet rs = cluster.replicaSet(cluster.deployment("vllm-llama", 1), "5d8f7");
        Pod pod = cluster.pod(rs, "x7k2p");
        cluster.server
                .expect()
                .get()
                .withPath(NS_PODS)
                .andReturn(200, metrics(pod.getMetadata().getName()))
                .always();
        startCollector(List.of(NS));

        K8sRecord r = sink.await(x -> x.kind() == Kind.USAGE, WAIT);
        assertThat(r).as("a usage record; got %s", sink.records()).isNotNull();
        assertThat(r.uid()).isEqualTo(pod.getMetadata().getUid());
        assertThat(r.tsMs()).isEqualTo(MockCluster.T0_MS + 60_000);
        assertThat(r.usage())
                .isEqualTo(
                        new K8sRecord.Usage(
                                pod.getMetadata().getName(),
                                "vllm",
                                "vllm-llama",
                                0.25,
                                1536L * 1024 * 1024,
                                30_000L));

        long polls = collector.metrics().usagePolls("ok");
        waitFor(() -> collector.metrics().usagePolls("ok") >= polls + 3);
        assertThat(sink.matching(x -> x.kind() == Kind.USAGE))
                .as("the same sample polled again is not published again")
                .hasSize(1);
    }

    @Test
    void absentMetricsApiIsReportedOnceAndPollingStops() throws Exception {
        cluster.server
                .expect()
                .get()
                .withPath(ALL_PODS)
                .andReturn(
                        404,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("NotFound")
                                .withCode(404)
                                .build())
                .always();
        startCollector(List.of());
        waitFor(collector::usageAbsent);
        Thread.sleep(500); // five intervals: no further poll may happen
        assertThat(collector.metrics().usagePolls("absent")).isEqualTo(1);
        assertThat(collector.metrics().usagePolls("ok")).isZero();
        assertThat(collector.metrics().usagePolls("error")).isZero();
        assertThat(collector.watching()).isTrue();
    }

    @Test
    void unavailableMetricsServerIsRetried() throws Exception {
        cluster.server
                .expect()
                .get()
                .withPath(ALL_PODS)
                .andReturn(503, new StatusBuilder().withCode(503).build())
                .always();
        startCollector(List.of());
        waitFor(() -> collector.metrics().usagePolls("error") >= 2);
        assertThat(collector.usageAbsent()).isFalse();
        assertThat(sink.matching(x -> x.kind() == Kind.USAGE)).isEmpty();
    }
}
