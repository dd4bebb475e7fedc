package io.inferscope.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Produces fixtures to the broker and talks to a started console over loopback HTTP. */
final class ConsoleHarness {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private ConsoleHarness() {}

    static void produce(
            KafkaBrokerExtension kafka, TopicSpec<?> topic, String key, ObjectNode... records) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(kafka.producerProps())) {
            for (ObjectNode r : records) {
                p.send(
                        new ProducerRecord<>(
                                topic.name(),
                                key.getBytes(StandardCharsets.UTF_8),
                                Fixtures.bytes(topic, r)));
            }
            p.flush();
        }
    }

    static Console start(KafkaBrokerExtension kafka, Path stateDir, String appId)
            throws InterruptedException {
        ConsoleConfig config =
                ConsoleConfig.defaults(kafka.bootstrapServers(), stateDir)
                        .withPort(0)
                        .withApplicationId(appId);
        Console console = Console.start(config);
        if (!console.awaitRunning(WAIT)) {
            console.close();
            throw new AssertionError("console did not reach RUNNING within " + WAIT);
        }
        return console;
    }

    static HttpResponse<String> get(Console console, String pathAndQuery)
            throws IOException, InterruptedException {
        HttpRequest req =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + console.port() + pathAndQuery))
                        .timeout(Duration.ofSeconds(10))
                        .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** GETs until the JSON answer satisfies {@code done}, bounded by {@link #WAIT}. */
    static JsonNode getUntil(Console console, String pathAndQuery, Predicate<JsonNode> done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> resp = get(console, pathAndQuery);
            last = resp.statusCode() + " " + resp.body();
            if (resp.statusCode() == 200) {
                JsonNode body = Json.MAPPER.readTree(resp.body());
                if (done.test(body)) {
                    return body;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "no satisfying answer from "
                        + pathAndQuery
                        + " within "
                        + WAIT
                        + "; last: "
                        + last);
    }
}
