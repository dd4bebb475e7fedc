package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against a console fed through a real broker: the charts
 * hold exactly the stored windows and are drawn, the alerts and events panels list the fixtures, a
 * newer window appears without a reload, and the group and deployment selectors switch the data.
 * Screenshots go to {@code target/dashboard-browser/} (a build artifact).
 */
class DashboardBrowserITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long T0 = System.currentTimeMillis() / 10_000 * 10_000 - 60_000;
    private static final String VLLM = Fixtures.GROUP;
    private static final String TGI = "tgi-mistral/mistral-7b";
    private static final Path ARTIFACTS = Path.of("target", "dashboard-browser");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir Path dir;
    private ChromeDriver browser;

    @Test
    void chartsShowStoredWindowsFollowNewOnesAndSwitchWithTheSelectors() throws Exception {
        HeadlessChromium.requireInstalled(); // before minutes of set-up, not after
        produceFixtures();
        try (Console console = ConsoleHarness.start(KAFKA, dir.resolve("state"), "console-ui-it")) {
            ConsoleHarness.getUntil(
                    console,
                    "/api/v1/groups",
                    g ->
                            g.path("requests").size() == 4
                                    && g.path("gpu").size() == 3
                                    && g.path("cluster").size() == 1);
            browser = HeadlessChromium.start(dir.resolve("chrome-profile"));
            try {
                browse(console);
            } finally {
                screenshot("last.png"); // what the browser showed at the end, pass or fail
                browser.quit();
            }
        }
    }

    private void browse(Console console) throws Exception {
        String group = URLEncoder.encode(VLLM, StandardCharsets.UTF_8);
        browser.get("http://127.0.0.1:" + console.port() + "/?refresh=1&group=" + group);

        awaitSeries("rps", 1, List.of(200.0, 100.0, 50.0));
        assertThat(series("rps", 0)).containsExactly(T0 / 1e3, T0 / 1e3 + 10, T0 / 1e3 + 20);
        assertThat(series("errors", 1)).containsExactly(2.0, 2.0, 2.0); // 0.02 as a percentage
        assertThat(series("tokens", 1)).containsExactly(950.5, 950.5, 950.5);
        assertThat(seriesCount("gpu_util")).as("deployment rollup: mean and max").isEqualTo(2);
        assertThat(series("gpu_util", 1)).containsExactly(62.5, 70.0);
        assertThat(series("replicas", 1)).containsExactly(3.0);
        assertThat(series("restarts", 1)).containsExactly(4.0);
        // arrivals/s and finishes/s are equal here: the second (orange) line covers the first.
        assertThat(strokePixels("rps", "#d6572f")).as("the rps lines are drawn").isGreaterThan(20);
        assertThat(strokePixels("gpu_util", "#2f6fd6"))
                .as("the GPU line is drawn")
                .isGreaterThan(5);

        assertThat(text("#alerts-active li[data-fingerprint='fp-1']")).contains("ttft_p99_slo");
        assertThat(text("#alerts-recent")).contains("queue_wait_slo");
        assertThat(text("#events")).contains("BackOff").contains("Back-off restarting");
        await(
                "logs panel lists the deployment's line",
                () -> text("#logs-result").contains("engine step took 900 ms"));

        ConsoleHarness.produce(
                KAFKA,
                Topics.METRICS_REQUESTS,
                VLLM,
                Fixtures.requests(T0 + 30_000, 10, 25.0, 120));
        awaitSeries("rps", 1, List.of(200.0, 100.0, 50.0, 25.0));
        screenshot("dashboard.png");

        new Select(browser.findElement(By.id("by"))).selectByValue("gpu");
        await("one line per GPU", () -> seriesCount("gpu_util") == 2 && isGpuSplit());
        new Select(browser.findElement(By.id("by"))).selectByValue("replica");
        awaitSeries("rps", 2, List.of(30.0));
        assertThat(series("rps", 1)).containsExactly(20.0);
        new Select(browser.findElement(By.id("by"))).selectByValue("deployment_model");

        new Select(browser.findElement(By.id("group"))).selectByValue(TGI);
        awaitSeries("rps", 1, List.of(7.0, 9.0));
        assertThat(browser.getCurrentUrl()).contains("group=tgi-mistral");
        screenshot("dashboard-tgi.png");
    }

    private boolean isGpuSplit() {
        return series("gpu_util", 1).equals(List.of(75.0, 80.0))
                && series("gpu_util", 2).equals(List.of(50.0, 60.0));
    }

    private void produceFixtures() {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("ts_ms", System.currentTimeMillis() - 30_000)
                .put("level", "warn")
                .put("message", "engine step took 900 ms")
                .put("container", "server");
        line.putObject("labels")
                .put("namespace", "llm")
                .put("deployment", "vllm-llama")
                .put("replica", "vllm-llama-0");
        ConsoleHarness.produce(KAFKA, Topics.RAW_LOGS, "llm/vllm-llama-0/server", line);
        ConsoleHarness.produce(
                KAFKA,
                Topics.METRICS_REQUESTS,
                VLLM,
                Fixtures.requests(T0, 10, 200.0, 100, 150),
                Fixtures.requests(T0 + 10_000, 10, 100.0, 200),
                Fixtures.requests(T0 + 20_000, 10, 50.0, 300));
        ConsoleHarness.produce(
                KAFKA,
                Topics.METRICS_REQUESTS,
                TGI,
                relabel(Fixtures.requests(T0, 10, 7.0), "tgi-mistral", "mistral-7b"),
                relabel(Fixtures.requests(T0 + 10_000, 10, 9.0), "tgi-mistral", "mistral-7b"));
        for (String[] r : new String[][] {{"pod-a", "20"}, {"pod-b", "30"}}) {
            ObjectNode rec = Fixtures.requests(T0, 10, Double.parseDouble(r[1]));
            rec.put("scope", "replica");
            ((ObjectNode) rec.get("labels")).put("replica", r[0]);
            ConsoleHarness.produce(KAFKA, Topics.METRICS_REQUESTS, VLLM + "/" + r[0], rec);
        }
        for (Object[] g : new Object[][] {{"GPU-1", 75.0, 80.0}, {"GPU-2", 50.0, 60.0}}) {
            String uuid = (String) g[0];
            ConsoleHarness.produce(
                    KAFKA,
                    Topics.METRICS_GPU,
                    uuid,
                    Fixtures.gpu(T0, uuid, (double) g[1], 30L << 30),
                    Fixtures.gpu(T0 + 10_000, uuid, (double) g[2], 31L << 30));
        }
        ConsoleHarness.produce(
                KAFKA,
                Topics.METRICS_GPU,
                "llm/vllm-llama",
                rollup(T0, 62.5, 80.0),
                rollup(T0 + 10_000, 70.0, 80.0));
        ConsoleHarness.produce(
                KAFKA, Topics.METRICS_CLUSTER, "llm/vllm-llama", Fixtures.cluster(T0, 3, 2, 4));
        long now = System.currentTimeMillis();
        ConsoleHarness.produce(
                KAFKA, Topics.ALERTS, "fp-1", Fixtures.alert("fp-1", "firing", now, null, now));
        ObjectNode resolved = Fixtures.alert("fp-2", "resolved", now - 60_000, now - 1_000, now);
        resolved.put("rule", "queue_wait_slo");
        ConsoleHarness.produce(KAFKA, Topics.ALERTS, "fp-2", resolved);
        ConsoleHarness.produce(
                KAFKA,
                Topics.RAW_K8S,
                "uid-1",
                Fixtures.event("uid-1", "vllm-llama", now - 5_000, "BackOff"));
    }

    private static ObjectNode relabel(ObjectNode r, String deployment, String model) {
        ((ObjectNode) r.get("labels")).put("deployment", deployment).put("model", model);
        return r;
    }

    private static ObjectNode rollup(long start, double mean, double max) {
        ObjectNode r = Fixtures.gpu(start, "unused", mean, 61L << 30);
        r.remove("gpu_uuid");
        r.put("scope", "deployment").put("gpus", 2).put("utilization_max", max);
        return r;
    }

    private void awaitSeries(String chart, int index, List<Double> expected) {
        await(
                chart + " series " + index + " = " + expected,
                () -> seriesCount(chart) >= index && series(chart, index).equals(expected));
    }

    private void await(String what, java.util.function.BooleanSupplier done) {
        new WebDriverWait(browser, WAIT)
                .withMessage(
                        () ->
                                what
                                        + "; dashboard error: "
                                        + browser.executeScript(
                                                "return window.inferscope && window.inferscope.lastError"))
                .until(d -> done.getAsBoolean());
    }

    /** uPlot's own data of a chart: index 0 is x (epoch seconds), then one array per series. */
    private List<Double> series(String chart, int index) {
        Object data =
                browser.executeScript(
                        "const c = window.inferscope && window.inferscope.charts[arguments[0]];"
                                + " return c ? c.data[arguments[1]] : null;",
                        chart,
                        index);
        List<Double> out = new ArrayList<>();
        if (data instanceof List<?> values) {
            values.forEach(v -> out.add(v == null ? null : ((Number) v).doubleValue()));
        }
        return out;
    }

    private int seriesCount(String chart) {
        Object n =
                browser.executeScript(
                        "const c = window.inferscope && window.inferscope.charts[arguments[0]];"
                                + " return c ? c.data.length - 1 : -1;",
                        chart);
        return ((Number) n).intValue();
    }

    /** Pixels of the chart's canvas painted in (about) the given stroke colour. */
    private long strokePixels(String chart, String hex) {
        Object n =
                browser.executeScript(
                        "const c = document.querySelector('#chart-' + arguments[0] + ' canvas');"
                                + " if (!c) return -1;"
                                + " const [r, g, b] = [1, 3, 5].map(i => parseInt(arguments[1].substr(i, 2), 16));"
                                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                                + " let n = 0;"
                                + " for (let i = 0; i < d.length; i += 4) {"
                                + "   if (d[i + 3] > 200 && Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - g) < 12"
                                + "       && Math.abs(d[i + 2] - b) < 12) n++; }"
                                + " return n;",
                        chart,
                        hex);
        return ((Number) n).longValue();
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(ARTIFACTS);
        Files.write(ARTIFACTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
