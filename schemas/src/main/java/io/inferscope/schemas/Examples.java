package io.inferscope.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The golden example records of each topic, shipped as resources under {@code
 * examples/<topic>/NN-name.json}. Resources inside a jar cannot be listed, so {@code
 * examples/index.txt} names every example (one resource path a line); this class reads through that
 * index with the class loader. The bytes are the files as written: valid against the topic's JSON
 * Schema and decodable by its codec (the schemas module's tests prove both), so tools may produce
 * them as they are ({@code inferscope produce TOPIC --examples}).
 */
public final class Examples {
    /** Resource path of the index, relative to the class path root. */
    public static final String INDEX = "examples/index.txt";

    private static volatile List<Example> all;

    private Examples() {}

    /** One golden example: its topic, its resource path and its JSON bytes. */
    public record Example(TopicSpec<?> topic, String resource, byte[] json) {
        public Example {
            json = json.clone();
        }

        /** A copy of the bytes, so callers cannot change the shared example. */
        @Override
        public byte[] json() {
            return json.clone();
        }

        /** The file name without directory, e.g. {@code 01-start.json}. */
        public String name() {
            return resource.substring(resource.lastIndexOf('/') + 1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Example e
                    && e.topic.equals(topic)
                    && e.resource.equals(resource)
                    && Arrays.equals(e.json, json);
        }

        @Override
        public int hashCode() {
            return resource.hashCode();
        }

        @Override
        public String toString() {
            return resource;
        }
    }

    /** The examples of one topic, in file-name order; empty if the topic has none. */
    public static List<Example> of(TopicSpec<?> topic) {
        String prefix = topic.examplesDir() + "/";
        return all().stream().filter(e -> e.resource().startsWith(prefix)).toList();
    }

    /** Every example of every topic in {@link Topics#ALL}. */
    public static List<Example> all() {
        List<Example> loaded = all;
        if (loaded == null) {
            loaded = load();
            all = loaded;
        }
        return loaded;
    }

    private static List<Example> load() {
        List<Example> out = new ArrayList<>();
        for (String line : read(INDEX).split("\n")) {
            String resource = line.strip();
            if (resource.isEmpty() || resource.startsWith("#")) {
                continue;
            }
            TopicSpec<?> topic = topicOf(resource);
            out.add(new Example(topic, resource, bytes(resource)));
        }
        return List.copyOf(out);
    }

    private static TopicSpec<?> topicOf(String resource) {
        for (TopicSpec<?> topic : Topics.ALL) {
            if (resource.startsWith(topic.examplesDir() + "/")) {
                return topic;
            }
        }
        throw new IllegalStateException(INDEX + " names " + resource + ", not under a known topic");
    }

    private static String read(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
