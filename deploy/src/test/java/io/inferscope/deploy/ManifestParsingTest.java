package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManifestParsingTest {
    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

    /** The operators' kinds and the API versions this repository writes them in. */
    private static final Map<String, String> CUSTOM_KINDS =
            Map.of(
                    "Kafka", "kafka.strimzi.io/v1",
                    "KafkaNodePool", "kafka.strimzi.io/v1",
                    "KafkaTopic", "kafka.strimzi.io/v1",
                    "KafkaUser", "kafka.strimzi.io/v1",
                    "FlinkDeployment", "flink.apache.org/v1beta1");

    private final Manifests manifests = Manifests.load();

    @Test
    void everyFileHoldsAtLeastOneNamedKubernetesObject() {
        List<Path> files = Manifests.yamlFiles(DeployDir.base());
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            assertThat(Manifests.parse(f)).as(DeployDir.relative(f)).isNotEmpty();
        }
        for (Manifests.Doc d : manifests.all()) {
            assertThat(d.resource().getApiVersion()).as(d.toString()).isNotBlank();
            assertThat(d.name()).as(d.toString()).isNotBlank();
        }
    }

    @Test
    void builtInKindsParseAsTheirTypedModelAndCustomKindsAreTheOperatorsOnes() {
        for (Manifests.Doc d : manifests.all()) {
            if (d.resource() instanceof GenericKubernetesResource) {
                assertThat(CUSTOM_KINDS)
                        .as("%s: a kind fabric8 does not know must be an operator's", d)
                        .containsKey(d.kind());
                assertThat(d.resource().getApiVersion())
                        .as(d.toString())
                        .isEqualTo(CUSTOM_KINDS.get(d.kind()));
            } else {
                assertThat(CUSTOM_KINDS).as(d.toString()).doesNotContainKey(d.kind());
            }
        }
    }

    @Test
    void typedResourcesHaveNoFieldTheKubernetesApiWouldIgnore() {
        for (Manifests.Doc d : manifests.all()) {
            if (!(d.resource() instanceof GenericKubernetesResource)) {
                assertThat(UnknownFields.of(d.resource())).as("unknown fields in %s", d).isEmpty();
            }
        }
        // The same for the pod templates inside the FlinkDeployments.
        for (Workloads.Workload w : Workloads.all(manifests)) {
            assertThat(UnknownFields.of(w.pod())).as("unknown fields in %s's pod", w).isEmpty();
        }
    }

    @Test
    void unknownFieldsAreFoundWhereTheyHide() {
        // The check above must be able to fail: a misspelt field deep in a pod spec.
        String yaml =
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          securityContext: {readOnlyRootFileSystem: true}
                """;
        Object parsed = Manifests.SERIALIZATION.unmarshal(yaml);
        assertThat(UnknownFields.of(parsed))
                .containsExactly(
                        "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
    }

    @Test
    void namespacedObjectsLiveInTheInferscopeNamespace() {
        for (Manifests.Doc d : manifests.all()) {
            String ns = d.resource().getMetadata().getNamespace();
            if (CLUSTER_SCOPED.contains(d.kind())) {
                assertThat(ns).as("%s is cluster-scoped", d).isNull();
            } else {
                assertThat(ns).as(d.toString()).isEqualTo(Manifests.NAMESPACE);
            }
        }
        assertThat(manifests.find("Namespace", Manifests.NAMESPACE)).isPresent();
    }

    @Test
    void namesAreUniquePerKind() {
        Set<String> seen = new HashSet<>();
        for (Manifests.Doc d : manifests.all()) {
            assertThat(seen.add(d.kind() + "/" + d.name())).as("duplicate %s", d).isTrue();
        }
    }
}
