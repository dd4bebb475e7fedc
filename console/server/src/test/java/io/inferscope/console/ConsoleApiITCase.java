package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ConsoleApiITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long T0 = System.currentTimeMillis() / 10_000 * 10_000 - 60_000;
    private static final String G = URLEncoder.encode(Fixtures.GROUP, StandardCharsets.UTF_8);
    private static double[] fast;
    private static double[] slow;
    private static double[] tail;
    private static Console console;

    @TempDir static Path stateDir;

    @BeforeAll
    static void produceAndStart() throws Exception {
        Random rnd = new Random(42);
        fast = DoubleStream.generate(() -> 20 + 180 * rnd.nextDouble()).limit(2000).toArray();
        slow =
                DoubleStream.generate(() -> Math.exp(Math.log(300) + 0.5 * rnd.nextGaussian()))
                        .limit(1000)
                        .toArray();
        tail =
                DoubleStream.generate(() -> -800 * Math.log(1 - rnd.nextDouble()))
                        .limit(500)
                        .toArray();
        ConsoleHarness.produce(
                KAFKA,
                Topics.METRICS_REQUESTS,
                Fixtures.GROUP,
                Fixtures.requests(T0, 10, 200.0, fast),
                Fixtures.requests(T0 + 10_000, 10, 100.0, slow),
                Fixtures.requests(T0 + 20_000, 10, 50.0, tail));
        long now = System.currentTimeMillis();
        ConsoleHarness.produce(
                KAFKA, Topics.ALERTS, "fp-1", Fixtures.alert("fp-1", "firing", now, null, now));
        ConsoleHarness.produce(
                KAFKA,
                Topics.RAW_K8S,
                "uid-1",
                Fixtures.event("uid-1", "vllm-llama", now, "BackOff"));
        console = ConsoleHarness.start(KAFKA, stateDir, "console-api-it");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void rangePercentileEqualsExactPercentileOfAllSamplesWithinOnePercent() throws Exception {
        double[] all =
                DoubleStream.concat(
                                DoubleStream.concat(Arrays.stream(fast), Arrays.stream(slow)),
                                Arrays.stream(tail))
                        .sorted()
                        .toArray();
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            double exact = all[(int) Math.floor(q * (all.length - 1))];
            JsonNode body =
                    ConsoleHarness.getUntil(
                            console,
                            "/api/v1/percentile?group="
                                    + G
                                    + "&field=ttft_ms&q="
                                    + q
                                    + "&from="
                                    + T0
                                    + "&to="
                                    + (T0 + 30_000),
                            b -> b.path("windows").asInt() == 3);
            assertThat(body.get("count").asDouble()).isEqualTo(all.length);
            assertThat(body.get("value").asDouble())
                    .as("q=%s", q)
                    .isCloseTo(exact, within(exact * 0.01));
        }
    }

    @Test
    void seriesReturnsOnePointPerWindowForADottedField() throws Exception {
        JsonNode body =
                ConsoleHarness.getUntil(
                        console,
                        "/api/v1/series?topic=requests&group="
                                + G
                                + "&field=ttft_ms.count&window=10&from="
                                + T0
                                + "&to="
                                + (T0 + 30_000),
                        b -> b.path("points").size() == 3);
        assertThat(body.get("points"))
                .extracting(p -> p.get("v").asDouble())
                .containsExactly(2000.0, 1000.0, 500.0);
        assertThat(body.get("points"))
                .extracting(p -> p.get("t").asLong())
                .containsExactly(T0, T0 + 10_000, T0 + 20_000);
    }

    @Test
    void columnsReturnSeveralFieldsAlignedPerWindow() throws Exception {
        JsonNode body =
                ConsoleHarness.getUntil(
                        console,
                        "/api/v1/columns?topic=requests&group="
                                + G
                                + "&fields=rps,ttft_ms.count,no_such_field&window=10&from="
                                + T0
                                + "&to="
                                + (T0 + 30_000),
                        b -> b.path("t").size() == 3);
        assertThat(body.get("t"))
                .extracting(JsonNode::asLong)
                .containsExactly(T0, T0 + 10_000, T0 + 20_000);
        assertThat(body.at("/columns/rps"))
                .extracting(JsonNode::asDouble)
                .containsExactly(200.0, 100.0, 50.0);
        assertThat(body.at("/columns/ttft_ms.count"))
                .extracting(JsonNode::asDouble)
                .containsExactly(2000.0, 1000.0, 500.0);
        assertThat(body.at("/columns/no_such_field")).allMatch(JsonNode::isNull).hasSize(3);
        assertThat(ConsoleHarness.get(console, "/api/v1/columns?group=" + G).statusCode())
                .isEqualTo(400);
    }

    @Test
    void dashboardIsServedWithContentTypesAndCachingHeaders() throws Exception {
        HttpResponse<String> index = ConsoleHarness.get(console, "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String etag = index.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again =
                ConsoleHarness.HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + console.port() + "/"))
                                .header("If-None-Match", etag)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        Matcher lib = Pattern.compile("\"(/webjars/uplot/[^\"]+\\.js)\"").matcher(index.body());
        assertThat(lib.find()).as("index.html names the uPlot module").isTrue();
        HttpResponse<String> uplot = ConsoleHarness.get(console, lib.group(1));
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(uplot.headers().firstValue("Cache-Control"))
                .hasValue("public, max-age=31536000, immutable");
        assertThat(uplot.body()).contains("export { uPlot as default }");

        HttpResponse<String> app = ConsoleHarness.get(console, "/app.js");
        assertThat(app.headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(ConsoleHarness.get(console, "/missing.js").statusCode()).isEqualTo(404);
        assertThat(
                        ConsoleHarness.get(console, "/api/v1/groups")
                                .headers()
                                .firstValue("Cache-Control"))
                .hasValue("no-store");
    }

    @Test
    void groupsAlertsEventsAndInstancesAnswer() throws Exception {
        JsonNode groups =
                ConsoleHarness.getUntil(
                        console, "/api/v1/groups", b -> b.path("requests").size() == 1);
        assertThat(groups.get("deployments").get(0).asText()).isEqualTo("vllm-llama");
        JsonNode alerts =
                ConsoleHarness.getUntil(console, "/api/v1/alerts?state=active", b -> b.size() == 1);
        assertThat(alerts.get(0).get("fingerprint").asText()).isEqualTo("fp-1");
        JsonNode events =
                ConsoleHarness.getUntil(
                        console, "/api/v1/events?deployment=vllm-llama", b -> b.size() == 1);
        assertThat(events.get(0).at("/event/reason").asText()).isEqualTo("BackOff");
        JsonNode instances =
                ConsoleHarness.getUntil(
                        console, "/instances", b -> b.path("instances").size() == 1);
        assertThat(instances.get("instances").get(0).get("self").asBoolean()).isTrue();
        assertThat(instances.get("instances").get(0).get("stores").toString())
                .contains(StoreNames.Metrics.REQUESTS.fineStore());
    }

    @Test
    void badParametersAreClientErrors() throws Exception {
        assertThat(
                        ConsoleHarness.get(
                                        console,
                                        "/api/v1/percentile?group=" + G + "&field=ttft_ms&q=abc")
                                .statusCode())
                .isEqualTo(400);
        assertThat(ConsoleHarness.get(console, "/api/v1/series?group=" + G).statusCode())
                .isEqualTo(400);
        assertThat(
                        ConsoleHarness.get(console, "/api/v1/series?topic=nope&group=x&field=rps")
                                .statusCode())
                .isEqualTo(400);
        assertThat(ConsoleHarness.get(console, "/api/v1/nothing").statusCode()).isEqualTo(404);
    }
}
