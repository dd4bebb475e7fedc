package io.inferscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Examples.Example;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example index names exactly the example files, and examples are read through it. */
class ExamplesTest {
    @Test
    void indexListsEveryExampleFileAndNothingElse() throws IOException, URISyntaxException {
        Path index = Path.of(getClass().getClassLoader().getResource(Examples.INDEX).toURI());
        Path resources = index.getParent().getParent();
        List<String> files;
        try (Stream<Path> walk = Files.walk(index.getParent())) {
            files =
                    walk.filter(p -> p.toString().endsWith(".json"))
                            .map(p -> resources.relativize(p).toString().replace('\\', '/'))
                            .sorted()
                            .toList();
        }

        assertThat(Examples.all().stream().map(Example::resource).sorted().toList())
                .isEqualTo(files);
    }

    @Test
    void examplesOfATopicAreItsOwnInFileNameOrder() {
        for (TopicSpec<?> topic : Topics.ALL) {
            List<Example> examples = Examples.of(topic);
            assertThat(examples).allSatisfy(e -> assertThat(e.topic()).isSameAs(topic));
            assertThat(examples.stream().map(Example::name).toList()).isSorted();
            assertThat(examples)
                    .allSatisfy(e -> assertThat(e.name()).matches("\\d\\d-[a-z0-9-]+\\.json"));
        }
        assertThat(Examples.all())
                .hasSize(Topics.ALL.stream().mapToInt(t -> Examples.of(t).size()).sum());
    }

    @Test
    void exampleBytesCannotBeChangedByCallers() {
        Example first = Examples.of(Topics.RAW_REQUESTS).get(0);
        byte[] bytes = first.json();
        bytes[0] = 'X';

        assertThat(first.json()[0]).isEqualTo((byte) '{');
        assertThat(Examples.of(Topics.RAW_REQUESTS).get(0)).isEqualTo(first);
    }
}
