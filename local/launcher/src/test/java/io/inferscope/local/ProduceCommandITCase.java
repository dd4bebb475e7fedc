package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Examples;
import io.inferscope.schemas.Examples.Example;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProduceCommandITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @BeforeAll
    static void produceTheExamplesOfEveryTopic() {
        for (TopicSpec<?> spec : Topics.ALL) {
            CliRun run =
                    CliRun.of(
                            "produce",
                            spec.name(),
                            "--examples",
                            "--bootstrap",
                            KAFKA.bootstrapServers());
            assertThat(run.exitCode()).as(spec.name() + ": " + run.err()).isZero();
            assertThat(run.out().strip())
                    .isEqualTo(
                            "Produced " + Examples.of(spec).size() + " examples to " + spec.name());
        }
    }

    @Test
    void everyExampleIsOnItsTopicKeyedAsTheCatalogSays() throws Exception {
        for (TopicSpec<?> spec : Topics.ALL) {
            List<ConsumerRecord<byte[], byte[]>> read = KAFKA.readAll(spec.name(), TIMEOUT);
            List<Example> examples = Examples.of(spec);
            assertThat(read).as(spec.name()).hasSize(examples.size());
            List<String> expectedValues = new ArrayList<>();
            List<String> expectedKeys = new ArrayList<>();
            for (Example e : examples) {
                expectedValues.add(new String(e.json(), StandardCharsets.UTF_8));
                expectedKeys.add(RecordKeys.of(spec.codec().decode(e.json())));
            }
            assertThat(read)
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(expectedValues);
            assertThat(read)
                    .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(expectedKeys);
        }
    }

    @Test
    void tailReadsTheExamplesBackForEveryTopic() throws Exception {
        for (TopicSpec<?> spec : Topics.ALL) {
            int n = Examples.of(spec).size();
            CliRun json =
                    CliRun.of(
                            "tail",
                            spec.name(),
                            "--from-beginning",
                            "--max",
                            String.valueOf(n),
                            "--json",
                            "--bootstrap",
                            KAFKA.bootstrapServers());
            assertThat(json.exitCode()).as(json.err()).isZero();
            assertThat(json.err()).as(spec.name()).isEmpty();
            assertThat(json.outLines())
                    .as(spec.name())
                    .containsExactlyInAnyOrderElementsOf(encodedExamples(spec));

            CliRun table =
                    CliRun.of(
                            "tail",
                            spec.name(),
                            "--from-beginning",
                            "--max",
                            String.valueOf(n),
                            "--bootstrap",
                            KAFKA.bootstrapServers());
            assertThat(table.err()).as(spec.name()).isEmpty();
            assertThat(table.outLines()).as(spec.name()).hasSize(n + 1);
        }
    }

    @Test
    void topicsListsEveryCatalogTopicWithPartitionsRetentionAndCounts() {
        CliRun run = CliRun.of("topics", "--bootstrap", KAFKA.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(0)).startsWith("TOPIC").contains("PARTITIONS", "RETENTION", "RECORDS");
        for (TopicSpec<?> spec : Topics.ALL) {
            String row =
                    lines.stream()
                            .filter(l -> l.startsWith(spec.name() + " "))
                            .findFirst()
                            .orElseThrow();
            assertThat(row.split("\\s+"))
                    .as(row)
                    .containsExactly(
                            spec.name(),
                            String.valueOf(spec.partitions()),
                            TopicsCommand.humanMs(spec.config().get("retention.ms")),
                            "~" + Examples.of(spec).size());
        }
    }

    private static <T> List<String> encodedExamples(TopicSpec<T> spec) throws Exception {
        List<String> out = new ArrayList<>();
        for (Example e : Examples.of(spec)) {
            out.add(spec.codec().encodeToString(spec.codec().decode(e.json())));
        }
        return out;
    }
}
