package io.inferscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog is consistent: unique names, one record type per topic, schema and examples each. */
class TopicsTest {
    @Test
    void namesAreUniqueAndStartWithInferscope() {
        Set<String> names = new HashSet<>();
        for (TopicSpec<?> topic : Topics.ALL) {
            assertThat(names.add(topic.name())).as("duplicate " + topic.name()).isTrue();
            assertThat(topic.name()).startsWith("inferscope.");
        }
        assertThat(names).hasSize(13);
    }

    @Test
    void eachRecordTypeBelongsToOneTopic() {
        Set<Class<?>> types = new HashSet<>();
        for (TopicSpec<?> topic : Topics.ALL) {
            assertThat(types.add(topic.recordType())).as(topic.name()).isTrue();
            assertThat(topic.recordType().isRecord()).isTrue();
            assertThat(topic.codec().type()).isEqualTo(topic.recordType());
        }
    }

    @Test
    void everyTopicHasASchemaAndExamples() {
        for (TopicSpec<?> topic : Topics.ALL) {
            assertThat(getClass().getClassLoader().getResource(topic.schemaResource()))
                    .as(topic.schemaResource())
                    .isNotNull();
            assertThat(Examples.of(topic)).as(topic.name()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void everyTopicHasAKeyPartitionsAndRetention() {
        for (TopicSpec<?> topic : Topics.ALL) {
            assertThat(topic.key()).as(topic.name()).isNotBlank();
            assertThat(topic.partitions()).as(topic.name()).isPositive();
            assertThat(Long.parseLong(topic.config().get("retention.ms"))).isPositive();
        }
    }

    @Test
    void topicsAreFoundByName() {
        for (TopicSpec<?> topic : Topics.ALL) {
            assertThat(Topics.byName(topic.name())).containsSame(topic);
        }
        assertThat(Topics.byName("inferscope.nope")).isEmpty();
    }
}
