package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in {@code deploy/grafana} may only query series the console really exposes:
 * every metric name (and every label it filters on) in its PromQL must appear in an exposition
 * rendered by {@link PrometheusMetrics} from records of every derived topic.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("deploy", "grafana", "inferscope-dashboard.json");
    private static final Set<String> PROMQL_WORDS =
            Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][\\w:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][\\w:]*");

    @TempDir static Path stateDir;
    private static final Map<String, Set<String>> exposed = new HashMap<>();
    private static JsonNode dashboard;

    @BeforeAll
    static void renderExpositionAndLoadDashboard() throws Exception {
        String text = exposition();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace > 0 && brace < space ? brace : space);
            Set<String> labels = exposed.computeIfAbsent(name, n -> new HashSet<>());
            Matcher m = Pattern.compile("(\\w+)=\"").matcher(brace > 0 ? line : "");
            while (m.find()) {
                labels.add(m.group(1));
            }
        }
        dashboard = Json.MAPPER.readTree(Files.readString(find(DASHBOARD)));
    }

    @Test
    void everyQueryUsesOnlyExposedMetricNamesAndTheirLabels() {
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);
        Set<String> used = new HashSet<>();
        for (String expr : exprs) {
            Set<String> names = metricNames(expr);
            assertThat(names).as("metrics in %s", expr).isNotEmpty();
            assertThat(exposed.keySet()).as("exposed metrics, for %s", expr).containsAll(names);
            used.addAll(names);
            Matcher sel = SELECTOR.matcher(expr);
            while (sel.find()) {
                Matcher lm = MATCHER.matcher(sel.group(2));
                while (lm.find()) {
                    assertThat(exposed.get(sel.group(1)))
                            .as("labels of %s in %s", sel.group(1), expr)
                            .contains(lm.group(1));
                }
            }
        }
        assertThat(used)
                .as("the issue's panels")
                .contains(
                        "inferscope_requests_per_second",
                        "inferscope_request_error_ratio",
                        "inferscope_requests_in_flight",
                        "inferscope_request_ttft_seconds",
                        "inferscope_completion_tokens_per_second",
                        "inferscope_gpu_utilization_ratio",
                        "inferscope_gpu_memory_used_bytes",
                        "inferscope_deployment_replicas",
                        "inferscope_container_restarts");
    }

    @Test
    void deploymentAndModelVariablesQueryExposedLabels() {
        Map<String, String> vars = new HashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            JsonNode q = v.path("query");
            vars.put(v.path("name").asText(), q.isObject() ? q.path("query").asText() : q.asText());
        }
        assertThat(vars).containsKeys("datasource", "deployment", "model");
        Pattern labelValues =
                Pattern.compile("label_values\\(\\s*([\\w:]+)[^,]*,\\s*(\\w+)\\s*\\)");
        for (String name : List.of("deployment", "model")) {
            Matcher m = labelValues.matcher(vars.get(name));
            assertThat(m.matches()).as(vars.get(name)).isTrue();
            assertThat(exposed).containsKey(m.group(1));
            assertThat(exposed.get(m.group(1))).contains(m.group(2));
        }
    }

    /** Metric names in a PromQL expression: identifiers that are not functions, labels or words. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        s = s.replaceAll("\\$\\{[^}]*}|\\$\\w+", "");
        s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        // Numbers and durations (0.99, 5m, 1e3) are not names.
        s = s.replaceAll("(?<![\\w:])\\d[\\w.]*", " ");
        Set<String> out = new HashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String rest = s.substring(m.end()).stripLeading();
            if (!rest.startsWith("(") && !PROMQL_WORDS.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }

    @Test
    void metricNameParserIgnoresFunctionsLabelsAndVariables() {
        assertThat(
                        metricNames(
                                "sum by (topic) (rate(x_total{a=~\"$v\", b=\"}\"}[$__rate_interval]))"
                                        + " / on (topic) y_ratio offset 5m"))
                .containsExactlyInAnyOrder("x_total", "y_ratio");
    }

    /** An exposition of fresh windows of every derived topic, plus one skipped record. */
    private static String exposition() {
        long now = System.currentTimeMillis();
        long start = now / 10_000 * 10_000 - 10_000;
        ConsoleConfig config = ConsoleConfig.defaults("unused:9092", stateDir);
        SkippedRecords skipped = new SkippedRecords();
        StreamsBuilder builder = new StreamsBuilder();
        ConsoleTopology.buildTopology(builder, config, skipped);
        Properties props = config.streamsProperties("localhost:0");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            ObjectNode req = Fixtures.requests(start, 10, 4.0, 100, 200, 300);
            for (String f : List.of("e2e_ms", "queue_ms", "itl_ms")) {
                req.set(f, req.get("ttft_ms").deepCopy());
            }
            pipe(driver, Topics.METRICS_REQUESTS, Fixtures.GROUP, req);
            pipe(driver, Topics.METRICS_GPU, "GPU-1", Fixtures.gpu(start, "GPU-1", 75.0, 1L << 30));
            ObjectNode cluster = Fixtures.cluster(start, 3, 2, 1);
            cluster.put("replicas_available", 2);
            pipe(driver, Topics.METRICS_CLUSTER, "llm/vllm-llama", cluster);
            driver.createInputTopic(
                            Topics.METRICS_GPU.name(),
                            new StringSerializer(),
                            new ByteArraySerializer())
                    .pipeInput("bad", "{".getBytes(StandardCharsets.UTF_8));
            Views views = new Views(storesOf(driver));
            return new PrometheusMetrics(views, config, skipped).render(now);
        }
    }

    private static void pipe(
            TopologyTestDriver driver, TopicSpec<?> topic, String key, ObjectNode record) {
        driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(key, Fixtures.bytes(topic, record));
    }

    private static StoreAccess storesOf(TopologyTestDriver driver) {
        return new StoreAccess() {
            @Override
            public ReadOnlyWindowStore<String, byte[]> window(String name) {
                return driver.getWindowStore(name);
            }

            @Override
            public ReadOnlyKeyValueStore<String, byte[]> keyValue(String name) {
                return driver.getKeyValueStore(name);
            }
        };
    }

    /** The repository file, searched upwards from the module directory the tests run in. */
    private static Path find(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
