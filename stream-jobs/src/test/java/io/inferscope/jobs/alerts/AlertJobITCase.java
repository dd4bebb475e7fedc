package io.inferscope.jobs.alerts;

import static io.inferscope.jobs.common.JobIt.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobIt;
import io.inferscope.schemas.Alert;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.RuleStatus;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alert job with the bundled default rules on a MiniCluster (parallelism 2) against a real
 * broker. Three minutes of derived windows of one deployment hold the demo's incidents — a traffic
 * spike (TTFT and queue wait), a crash loop (restarts, BackOff events) and GPU memory pressure —
 * and each alert fires exactly once and resolves exactly once (periodic re-sends of a firing alert
 * are not transitions). Rules changed on the rules topic get their statuses; a bad derived record
 * becomes a dead letter.
 */
class AlertJobITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = JobIt.miniCluster();

    static final int WINDOWS = 18;

    @Test
    void eachIncidentFiresOnceAndResolvesOnce() throws Exception {
        final long t0 = JobIt.recentT0();
        JobConfig config = JobIt.config(KAFKA, "alerts").build();
        TopicSpec<RequestMetrics> requests =
                JobIt.topic(KAFKA, "it.alerts.requests", RequestMetrics.class, 2);
        TopicSpec<GpuMetrics> gpu = JobIt.topic(KAFKA, "it.alerts.gpu", GpuMetrics.class, 2);
        TopicSpec<ClusterMetrics> cluster =
                JobIt.topic(KAFKA, "it.alerts.cluster", ClusterMetrics.class, 2);
        TopicSpec<K8sRecord> k8s = JobIt.topic(KAFKA, "it.alerts.k8s", K8sRecord.class, 2);
        TopicSpec<Alert> out = JobIt.topic(KAFKA, "it.alerts.out", Alert.class, 1);
        TopicSpec<RuleStatus> status = JobIt.topic(KAFKA, "it.alerts.status", RuleStatus.class, 1);
        TopicSpec<DeadLetter> dead =
                JobIt.topic(KAFKA, "it.alerts.deadletter", DeadLetter.class, 1);
        String rulesTopic = "it.alerts.rules";
        KAFKA.createTopic(rulesTopic, 1);

        // The defaults, with the event window and hysteresis short enough to end within the test.
        String defaults = InitialRules.bundledDefaults();
        String rulesYaml =
                defaults.replace(
                        "window: 2m\n    keep_firing_for: 30s",
                        "window: 20s\n    keep_firing_for: 5s");
        assertThat(rulesYaml).isNotEqualTo(defaults);

        // One deployment's windows of one stream stay on one partition, in order, as the
        // derived jobs' sinks (keyed by group) write them.
        List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            long start = t0 + 10_000L * w;
            boolean spike = w >= 3 && w <= 5;
            boolean pressure = w >= 10 && w <= 12;
            first.add(
                    record(
                            requests,
                            0,
                            "k",
                            AlertFixtures.requests(start, spike ? 5000 : 300, spike ? 3000 : 1)));
            first.add(record(gpu, 1, "k", AlertFixtures.gpu(start, 60, pressure ? 0.97 : 0.4)));
        }
        for (int i = 0; i < 3; i++) {
            long ts = t0 + 61_000 + 5_000L * i;
            first.add(
                    record(
                            k8s,
                            i % 2,
                            "e" + i,
                            AlertFixtures.event(ts, "Warning", "BackOff", "llm-chat-1")));
        }
        first.add(
                new ProducerRecord<>(
                        requests.name(),
                        0,
                        null,
                        "{\"window_s\":".getBytes(StandardCharsets.UTF_8)));
        List<ProducerRecord<byte[], byte[]>> rest = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            long start = t0 + 10_000L * w;
            long restarts = w >= 6 && w <= 8 ? 1 : 0;
            (w < 6 ? first : rest)
                    .add(record(cluster, 1, "k", AlertFixtures.cluster(start, restarts)));
        }
        first.add(
                rule(
                        rulesTopic,
                        "Broken",
                        "name: Broken\ntype: threshold\nmetric: requests.nope\ncomparator: '>'\nthreshold: 1\n"));
        first.add(
                rule(
                        rulesTopic,
                        "HighErrorRate",
                        "{\"name\":\"HighErrorRate\",\"type\":\"threshold\","
                                + "\"metric\":\"requests.error_rate\",\"comparator\":\">\",\"threshold\":0.5}"));
        first.add(rule(rulesTopic, "IdleGpusWhileQueueing", null));
        JobIt.produce(KAFKA, first);

        StreamExecutionEnvironment env = JobIt.environment();
        AlertOptions options =
                AlertOptions.defaults()
                        .withRulesTopic(rulesTopic)
                        .withTiming(
                                Duration.ofSeconds(3),
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(5),
                                Duration.ofHours(1));
        AlertJob.builder(config)
                .options(options)
                .initialRules(InitialRules.parse(rulesYaml, "test defaults", 10, t0))
                .requests(
                        JobIt.source(
                                config,
                                requests,
                                RequestMetrics::windowEndMs,
                                AlertJob.NAME,
                                false))
                .gpu(JobIt.source(config, gpu, GpuMetrics::windowEndMs, AlertJob.NAME, false))
                .cluster(
                        JobIt.source(
                                config, cluster, ClusterMetrics::windowEndMs, AlertJob.NAME, false))
                .k8s(JobIt.source(config, k8s, K8sRecord::tsMs, AlertJob.NAME, false))
                .rules(AlertJob.rulesSource(config, rulesTopic))
                .alertSink(AlertJob.alertSink(config, out))
                .statusSink(AlertJob.statusSink(config, status))
                .deadLetterSink(AlertJob.deadLetterSink(config, dead))
                .build()
                .build(env);
        JobClient job = env.executeAsync("alerts-it");
        try {
            // The crash-loop windows go in once the BackOff events have been seen (the event
            // alert fired), so the restart alert must carry them as evidence.
            JobIt.await(
                    "the event alert",
                    Duration.ofSeconds(90),
                    () -> fired(out, "KubernetesWarningEvents"));
            JobIt.produce(KAFKA, rest);
            List<String> rules =
                    List.of(
                            "HighTimeToFirstToken",
                            "HighQueueWait",
                            "ContainerRestarting",
                            "GpuMemoryPressure",
                            "KubernetesWarningEvents");
            try {
                JobIt.await(
                        "every incident resolved",
                        Duration.ofSeconds(90),
                        () -> resolvedAll(out, rules));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; alerts: " + summary(out), e);
            }

            List<Alert> got = JobIt.readAll(KAFKA, out);
            Map<String, List<Alert>> byFingerprint = byFingerprint(got);
            assertThat(byFingerprint).hasSize(rules.size());
            byFingerprint.forEach(
                    (fp, alerts) -> {
                        assertThat(transitions(alerts))
                                .as(alerts.get(0).rule())
                                .containsExactly(Alert.Status.FIRING, Alert.Status.RESOLVED);
                    });
            Map<String, Alert> firstOf =
                    byFingerprint.values().stream()
                            .collect(Collectors.toMap(l -> l.get(0).rule(), l -> l.get(0)));
            assertThat(firstOf.keySet()).containsExactlyInAnyOrderElementsOf(rules);
            assertThat(firstOf.get("HighTimeToFirstToken").startsAtMs()).isEqualTo(t0 + 50_000);
            assertThat(firstOf.get("ContainerRestarting").startsAtMs()).isEqualTo(t0 + 70_000);
            assertThat(firstOf.get("ContainerRestarting").evidence())
                    .extracting(Alert.Evidence::reason)
                    .containsExactly("BackOff", "BackOff", "BackOff");
            assertThat(firstOf.get("GpuMemoryPressure").value()).isEqualTo(0.97);
            assertThat(firstOf.get("GpuMemoryPressure").labels())
                    .containsEntry("deployment", "llm-chat")
                    .containsEntry("severity", "warning");

            List<RuleStatus> statuses = JobIt.readAll(KAFKA, status);
            // The initial rules' statuses and the topic's meet in one sink in no set order.
            List<String> seen = statuses.stream().map(x -> x.rule() + " " + x.status()).toList();
            assertThat(seen)
                    .contains(
                            "Broken REJECTED",
                            "HighErrorRate ACCEPTED",
                            "IdleGpusWhileQueueing DELETED",
                            "ContainerRestarting ACCEPTED");
            assertThat(
                            statuses.stream()
                                    .filter(s -> s.rule().equals("Broken"))
                                    .findFirst()
                                    .get()
                                    .reason())
                    .contains("$.metric: unknown field 'nope'");

            List<DeadLetter> letters = JobIt.readAll(KAFKA, dead);
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).source()).isEqualTo(AlertJob.NAME);
            assertThat(letters.get(0).sourceTopic()).isEqualTo(requests.name());
        } finally {
            job.cancel().get();
        }
    }

    private static ProducerRecord<byte[], byte[]> rule(String topic, String name, String text) {
        return new ProducerRecord<>(
                topic,
                0,
                name.getBytes(StandardCharsets.UTF_8),
                text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> summary(TopicSpec<Alert> out) {
        return JobIt.readAll(KAFKA, out).stream()
                .map(a -> a.rule() + " " + a.status() + " " + a.fingerprint())
                .toList();
    }

    private static boolean fired(TopicSpec<Alert> out, String rule) {
        return JobIt.readAll(KAFKA, out).stream().anyMatch(a -> a.rule().equals(rule));
    }

    private static boolean resolvedAll(TopicSpec<Alert> out, List<String> rules) {
        List<Alert> all = JobIt.readAll(KAFKA, out);
        return rules.stream()
                .allMatch(
                        r ->
                                all.stream()
                                        .anyMatch(
                                                a ->
                                                        a.rule().equals(r)
                                                                && a.status()
                                                                        == Alert.Status.RESOLVED));
    }

    private static Map<String, List<Alert>> byFingerprint(List<Alert> alerts) {
        Map<String, List<Alert>> out = new LinkedHashMap<>();
        alerts.forEach(a -> out.computeIfAbsent(a.fingerprint(), k -> new ArrayList<>()).add(a));
        return out;
    }

    /** Statuses in order with periodic re-sends (repeats) collapsed. */
    private static List<Alert.Status> transitions(List<Alert> alerts) {
        List<Alert.Status> out = new ArrayList<>();
        for (Alert a : alerts) {
            if (out.isEmpty() || out.get(out.size() - 1) != a.status()) {
                out.add(a.status());
            }
        }
        return out;
    }
}
