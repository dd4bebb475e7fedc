package io.inferscope.schemas;

import java.util.Map;

/**
 * One topic of the catalog: its name, the record type it carries, what its key is, and the defaults
 * used when InferScope creates it (partitions, topic configs such as retention). On a real cluster
 * these are starting points; operators may size partitions and retention differently.
 */
public record TopicSpec<T>(
        String name, Class<T> recordType, String key, int partitions, Map<String, String> config) {

    public TopicSpec {
        config = Map.copyOf(config);
    }

    public RecordCodec<T> codec() {
        return Codecs.of(recordType);
    }

    /** Golden example resources of this topic: {@code /examples/<name>/*.json}. */
    public String examplesDir() {
        return "examples/" + name;
    }

    /** The JSON Schema resource of this topic's record type. */
    public String schemaResource() {
        return "schemas/" + name + ".schema.json";
    }
}
