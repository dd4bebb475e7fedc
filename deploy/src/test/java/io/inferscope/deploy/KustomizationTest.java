package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/kustomization.yaml applies every manifest, and every file it names exists. */
class KustomizationTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyManifestUnderBaseIsAResourceAndEveryResourceExists() throws IOException {
        JsonNode k = kustomization();
        List<String> resources = new ArrayList<>();
        k.path("resources").forEach(r -> resources.add(r.asText()));
        assertThat(resources).doesNotHaveDuplicates();
        List<String> files =
                Manifests.yamlFiles(DeployDir.base()).stream().map(DeployDir::relative).toList();
        assertThat(new TreeSet<>(resources)).isEqualTo(new TreeSet<>(files));
    }

    @Test
    void generatedAndConfigurationFilesExist() throws IOException {
        JsonNode k = kustomization();
        List<String> named = new ArrayList<>();
        k.path("configurations").forEach(c -> named.add(c.asText()));
        k.path("configMapGenerator")
                .forEach(g -> g.path("files").forEach(f -> named.add(f.asText())));
        assertThat(named).contains("prometheus/inferscope-rules.yaml");
        for (String file : named) {
            Path p = DeployDir.root().resolve(file.contains("=") ? file.split("=", 2)[1] : file);
            assertThat(p).as(file).isRegularFile();
        }
    }

    @Test
    void theNamespaceAndImagesMatchTheManifests() throws IOException {
        JsonNode k = kustomization();
        assertThat(k.path("namespace").asText()).isEqualTo(Manifests.NAMESPACE);
        List<String> images = new ArrayList<>();
        k.path("images").forEach(i -> images.add(i.path("name").asText()));
        assertThat(images)
                .containsExactlyInAnyOrder(ContainerArgsTest.APP_IMAGE, DockerfileTest.FLINK_IMAGE);
        // Without this configuration `images:` would not reach the FlinkDeployments' spec.image.
        JsonNode config = YAML.readTree(DeployDir.root().resolve("kustomizeconfig.yaml").toFile());
        assertThat(config.path("images").get(0).path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(config.path("images").get(0).path("path").asText()).isEqualTo("spec/image");
    }

    private static JsonNode kustomization() throws IOException {
        return YAML.readTree(Files.readString(DeployDir.root().resolve("kustomization.yaml")));
    }
}
