package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusWriterTest {
    /** One sample line of the 0.0.4 text format: name, optional {labels}, value. */
    private static final Pattern SAMPLE =
            Pattern.compile(
                    "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (\\S+)");

    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    record Sample(String name, Map<String, String> labels, String value) {}

    static List<Sample> parse(String text) {
        return text.lines()
                .filter(l -> !l.startsWith("#"))
                .map(
                        l -> {
                            Matcher m = SAMPLE.matcher(l);
                            assertThat(m.matches()).as("sample line: %s", l).isTrue();
                            Map<String, String> labels = new LinkedHashMap<>();
                            if (m.group(3) != null) {
                                Matcher lm = LABEL.matcher(m.group(3));
                                while (lm.find()) {
                                    labels.put(lm.group(1), unescape(lm.group(2)));
                                }
                            }
                            return new Sample(m.group(1), labels, m.group(4));
                        })
                .toList();
    }

    private static String unescape(String v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                char n = v.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void writesHelpTypeAndSamplesWithConstantLabelsFirst() {
        PrometheusWriter w = new PrometheusWriter(Map.of("collector", "gateway"));
        w.counter("inferscope_collector_records_sent_total", "Records acknowledged.").sample(123);
        w.gauge("inferscope_collector_queue_depth", "Waiting.").sample(7, "queue", "main");

        assertThat(w.toString())
                .isEqualTo(
                        "# HELP inferscope_collector_records_sent_total Records acknowledged.\n"
                                + "# TYPE inferscope_collector_records_sent_total counter\n"
                                + "inferscope_collector_records_sent_total{collector=\"gateway\"} 123\n"
                                + "# HELP inferscope_collector_queue_depth Waiting.\n"
                                + "# TYPE inferscope_collector_queue_depth gauge\n"
                                + "inferscope_collector_queue_depth{collector=\"gateway\",queue=\"main\"} 7\n");
    }

    @Test
    void escapesBackslashQuoteAndNewlineInLabelValuesAndHelp() {
        PrometheusWriter w = new PrometheusWriter(Map.of());
        String nasty = "a\\b\"c\nd";
        w.gauge("m", "help with \\ and\nnewline \"quoted\"").sample(1, "path", nasty);

        String text = w.toString();
        assertThat(text)
                .contains("# HELP m help with \\\\ and\\nnewline \"quoted\"\n")
                .contains("m{path=\"a\\\\b\\\"c\\nd\"} 1\n");
        List<Sample> samples = parse(text);
        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).labels()).containsEntry("path", nasty);
    }

    @Test
    void formatsWholeFractionalAndSpecialValues() {
        assertThat(PrometheusWriter.formatValue(42)).isEqualTo("42");
        assertThat(PrometheusWriter.formatValue(-3)).isEqualTo("-3");
        assertThat(PrometheusWriter.formatValue(0.25)).isEqualTo("0.25");
        assertThat(PrometheusWriter.formatValue(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusWriter.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusWriter.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusWriter.formatValue(1e20)).isEqualTo("1.0E20");
    }

    @Test
    void rejectsInvalidNamesAndClashingLabels() {
        PrometheusWriter w = new PrometheusWriter(Map.of("collector", "x"));
        assertThatThrownBy(() -> w.counter("bad-name", "h"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.gauge("ok", "h").sample(1, "bad-label", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.gauge("ok", "h").sample(1, "collector", "y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.gauge("ok", "h").sample(1, "odd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrometheusWriter(Map.of("__reserved", "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publisherMetricsUseTheDocumentedNamesAndOneDroppedSamplePerReason() {
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        dropped.put(DropReason.QUEUE_FULL, 5L);
        dropped.put(DropReason.SPOOL_FULL, 2L);
        PublisherMetrics m =
                new PublisherMetrics(100, 90, 20, 15, 2, dropped, 3, 4, 1024, 6, 4096, 2, true);
        PrometheusWriter w = new PrometheusWriter(Map.of("collector", "gateway"));
        m.writeTo(w);

        String text = w.toString();
        List<Sample> samples = parse(text);
        assertThat(samples)
                .contains(
                        new Sample(
                                "inferscope_collector_records_sent_total",
                                Map.of("collector", "gateway"),
                                "90"),
                        new Sample(
                                "inferscope_collector_records_resent_total",
                                Map.of("collector", "gateway"),
                                "2"),
                        new Sample(
                                "inferscope_collector_records_dropped_total",
                                orderedLabels("collector", "gateway", "reason", "queue_full"),
                                "5"),
                        new Sample(
                                "inferscope_collector_records_dropped_total",
                                orderedLabels("collector", "gateway", "reason", "spool_full"),
                                "2"),
                        new Sample(
                                "inferscope_collector_queue_depth",
                                Map.of("collector", "gateway"),
                                "4"),
                        new Sample(
                                "inferscope_collector_spool_bytes",
                                Map.of("collector", "gateway"),
                                "4096"),
                        new Sample(
                                "inferscope_collector_kafka_connected",
                                Map.of("collector", "gateway"),
                                "0"));
        assertThat(samples.stream().filter(s -> s.name().endsWith("_dropped_total")))
                .hasSize(DropReason.values().length);
        // Every family has exactly one HELP and one TYPE line, TYPE right after HELP.
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# HELP ")) {
                String name = lines.get(i).split(" ")[2];
                assertThat(lines.get(i + 1)).matches("# TYPE " + name + " (counter|gauge)");
                assertThat(text.split("# HELP " + name + " ", -1)).hasSize(2);
            }
        }
    }

    private static Map<String, String> orderedLabels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
