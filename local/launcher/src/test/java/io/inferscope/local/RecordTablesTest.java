package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Examples;
import io.inferscope.schemas.Examples.Example;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import org.junit.jupiter.api.Test;

class RecordTablesTest {
    @Test
    void everyGoldenExampleRendersAsOneLineUnderItsHeader() throws Exception {
        for (TopicSpec<?> spec : Topics.ALL) {
            assertThat(Examples.of(spec)).as(spec.name()).isNotEmpty();
            for (Example e : Examples.of(spec)) {
                String row = render(spec, e);
                assertThat(row).as(e.resource()).doesNotContain("\n", "null");
            }
        }
    }

    @Test
    void everyExampleHasAKeyAsTheCatalogDescribes() throws Exception {
        for (Example e : Examples.all()) {
            assertThat(RecordKeys.of(e.topic().codec().decode(e.json())))
                    .as(e.resource())
                    .isNotBlank();
        }
    }

    @Test
    void headerAndRowsLineUp() {
        RecordTable<String[]> table =
                new RecordTable<String[]>().col("A", 5, r -> r[0]).col("B", 0, r -> r[1]);
        assertThat(table.header()).isEqualTo("A      B");
        assertThat(table.row(new String[] {"abc", "x"})).isEqualTo("abc    x");
        assertThat(table.row(new String[] {null, ""})).isEqualTo("-      -");
    }

    @Test
    void retentionIsShownInTheLargestWholeUnit() {
        assertThat(TopicsCommand.humanMs("86400000")).isEqualTo("1d");
        assertThat(TopicsCommand.humanMs("259200000")).isEqualTo("3d");
        assertThat(TopicsCommand.humanMs("5400000")).isEqualTo("90m");
        assertThat(TopicsCommand.humanMs("-1")).isEqualTo("forever");
    }

    private static <T> String render(TopicSpec<T> spec, Example e) throws Exception {
        RecordTable<T> table = RecordTables.of(spec.recordType());
        return table.header() + "|" + table.row(spec.codec().decode(e.json()));
    }
}
