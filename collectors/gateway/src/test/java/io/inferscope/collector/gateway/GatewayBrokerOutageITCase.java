package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.Topics;
import io.inferscope.simulator.FleetConfig;
import io.inferscope.simulator.FleetSimulator;
import io.inferscope.simulator.LatencyModel;
import io.inferscope.simulator.ReplicaConfig;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away for 30 s while ~20 short streams per second flow through the gateway: every
 * client request must still complete normally, and once the broker is back every start and end
 * record must arrive exactly once (the publisher spools while Kafka is unreachable and replays in
 * order). Takes ~45 s.
 */
class GatewayBrokerOutageITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration BEFORE = Duration.ofSeconds(3);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration AFTER = Duration.ofSeconds(3);
    private static final long PERIOD_MS = 50; // 20 requests per second
    private static final String DEPLOYMENT = "outage";

    @TempDir Path spool;

    @Test
    void gatewayKeepsServingAndLosesNoRecordWhileTheBrokerIsDown() throws Exception {
        ReplicaConfig fast =
                ReplicaConfig.defaults("fast").withLatency(new LatencyModel(2, 0.01, 2, 0.0, 1.0));
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(clientThreads)
                        .build();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        try (Publisher publisher =
                        Publisher.start(
                                PublisherConfig.builder(KAFKA.bootstrapServers())
                                        .clientId("gateway-outage-it")
                                        .spoolDir(spool)
                                        .build());
                FleetSimulator fleet = FleetSimulator.start(FleetConfig.uniform(2, fast));
                Gateway gateway =
                        Gateway.start(
                                GatewayConfig.defaults(
                                                fleet.replicaUrls().stream()
                                                        .map(Upstream::parse)
                                                        .toList())
                                        .withListen("127.0.0.1", 0)
                                        .withLabels(
                                                new Labels(
                                                        "it", "ns", DEPLOYMENT, null, null, null))
                                        .withEventLoops(2),
                                publisher)) {
            URI uri = URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions");
            String body =
                    "{\"model\":\"m\",\"stream\":true,\"max_tokens\":6,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            ticker.scheduleAtFixedRate(
                    () -> {
                        synchronized (calls) {
                            calls.add(
                                    http.sendAsync(
                                            HttpRequest.newBuilder(uri)
                                                    .timeout(Duration.ofSeconds(20))
                                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString()));
                        }
                    },
                    0,
                    PERIOD_MS,
                    TimeUnit.MILLISECONDS);

            Thread.sleep(BEFORE.toMillis());
            long stoppedAt = System.currentTimeMillis();
            KAFKA.broker().stop();
            Thread.sleep(OUTAGE.toMillis());
            long restartedAt = System.currentTimeMillis();
            KAFKA.broker().restart();
            Thread.sleep(AFTER.toMillis());
            ticker.shutdown();
            assertThat(ticker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            List<HttpResponse<String>> responses = new ArrayList<>();
            synchronized (calls) {
                for (CompletableFuture<HttpResponse<String>> c : calls) {
                    responses.add(c.get(30, TimeUnit.SECONDS));
                }
            }
            int made = responses.size();
            assertThat(made).isGreaterThan(500);
            assertThat(responses)
                    .as("every client request completes normally during the outage")
                    .allSatisfy(
                            r -> {
                                assertThat(r.statusCode()).isEqualTo(200);
                                assertThat(r.body()).endsWith("data: [DONE]\n\n");
                            });
            assertThat(publisher.flush(Duration.ofSeconds(60))).isTrue();

            List<RequestEvent> records = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r :
                    KAFKA.readAll(Topics.RAW_REQUESTS.name(), Duration.ofSeconds(30))) {
                RequestEvent e = decode(r.value());
                if (DEPLOYMENT.equals(e.labels().deployment())) {
                    records.add(e);
                }
            }
            List<RequestEvent> starts = records.stream().filter(RequestEvent::isStart).toList();
            List<RequestEvent> ends =
                    records.stream().filter(e -> e.type() == RequestEvent.Type.END).toList();
            Set<String> startIds = new HashSet<>();
            starts.forEach(s -> startIds.add(s.requestId()));
            Set<String> endIds = new HashSet<>();
            ends.forEach(e -> endIds.add(e.requestId()));
            String duplicates = describeDuplicates(records, stoppedAt, restartedAt, made);
            assertThat(starts).as("start records; %s", duplicates).hasSize(made);
            assertThat(ends).as("end records; %s", duplicates).hasSize(made);
            assertThat(startIds).as("distinct start ids").hasSize(made).isEqualTo(endIds);
            assertThat(ends).allMatch(e -> e.status() == RequestEvent.Status.OK);
            assertThat(publisher.metrics().droppedTotal()).isZero();
        } finally {
            ticker.shutdownNow();
            clientThreads.shutdownNow();
        }
    }

    /** Which records arrived more than once, and when they were made relative to the outage. */
    private static String describeDuplicates(
            List<RequestEvent> records, long stoppedAt, long restartedAt, int made) {
        Map<String, Long> counts =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        e -> e.type() + "/" + e.requestId(),
                                        Collectors.counting()));
        List<String> twice =
                records.stream()
                        .filter(e -> counts.get(e.type() + "/" + e.requestId()) > 1)
                        .map(
                                e ->
                                        e.type().wire()
                                                + " ts-stop="
                                                + (e.tsMs() - stoppedAt)
                                                + "ms ts-restart="
                                                + (e.tsMs() - restartedAt)
                                                + "ms")
                        .distinct()
                        .toList();
        return made + " requests made; records delivered more than once: " + twice;
    }

    private static RequestEvent decode(byte[] value) {
        try {
            return Topics.RAW_REQUESTS.codec().decode(value);
        } catch (DecodeException e) {
            throw new AssertionError(new String(value, StandardCharsets.UTF_8), e);
        }
    }
}
