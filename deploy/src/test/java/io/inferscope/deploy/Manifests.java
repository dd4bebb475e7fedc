package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every Kubernetes document under {@code deploy/base}, parsed by fabric8: built-in kinds as their
 * typed model classes (a Deployment is a {@code Deployment}), custom resources (Strimzi, Flink
 * operator) as {@link GenericKubernetesResource}. Parsed once per test JVM.
 */
final class Manifests {
    static final String NAMESPACE = "inferscope";
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static Manifests loaded;

    /** One YAML document of one file. */
    record Doc(Path file, int index, HasMetadata resource) {
        String kind() {
            return resource.getKind();
        }

        String name() {
            return resource.getMetadata().getName();
        }

        @Override
        public String toString() {
            return DeployDir.relative(file) + "#" + index + " " + kind() + "/" + name();
        }
    }

    private final List<Doc> docs;

    private Manifests(List<Doc> docs) {
        this.docs = List.copyOf(docs);
    }

    static synchronized Manifests load() {
        if (loaded == null) {
            List<Doc> docs = new ArrayList<>();
            for (Path file : yamlFiles(DeployDir.base())) {
                docs.addAll(parse(file));
            }
            loaded = new Manifests(docs);
        }
        return loaded;
    }

    /** Every {@code .yaml}/{@code .yml} file under {@code dir}, sorted. */
    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-empty documents of one file; a document that is only comments is skipped. */
    static List<Doc> parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Doc> out = new ArrayList<>();
        String[] parts = DOCUMENT_SEPARATOR.split(text);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            KubernetesResource r = SERIALIZATION.unmarshal(parts[i]);
            assertThat(r)
                    .as("%s document %d is a Kubernetes object", DeployDir.relative(file), i)
                    .isInstanceOf(HasMetadata.class);
            out.add(new Doc(file, i, (HasMetadata) r));
        }
        return out;
    }

    List<Doc> all() {
        return docs;
    }

    List<Doc> ofKind(String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    <T extends HasMetadata> List<T> typed(Class<T> type) {
        return docs.stream().map(Doc::resource).filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return ofKind(kind).stream().map(d -> (GenericKubernetesResource) d.resource()).toList();
    }

    Optional<Doc> find(String kind, String name) {
        return docs.stream()
                .filter(d -> d.kind().equals(kind) && d.name().equals(name))
                .findFirst();
    }

    /** The data of the ConfigMap {@code name}; fails when there is none. */
    Map<String, String> configMapData(String name) {
        return typed(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name))
                .getData();
    }
}
