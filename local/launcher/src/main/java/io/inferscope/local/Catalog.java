package io.inferscope.local;

import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.stream.Collectors;

/** Topic names given on the command line, checked against the catalog. */
final class Catalog {
    private Catalog() {}

    static TopicSpec<?> require(String name) {
        return Topics.byName(name)
                .orElseThrow(
                        () ->
                                new CliException(
                                        CliException.USAGE,
                                        "unknown topic '"
                                                + name
                                                + "'; catalog topics: "
                                                + Topics.ALL.stream()
                                                        .map(TopicSpec::name)
                                                        .collect(Collectors.joining(", "))));
    }
}
