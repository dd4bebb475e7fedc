package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ConfigMap, Secret, ServiceAccount and PersistentVolumeClaim a pod refers to exists in the
 * manifests, or is on the explicit list of objects created outside them, each named in
 * deploy/README.md so whoever applies the manifests knows to create it.
 */
class ReferencesTest {
    /** Kind/name of objects the manifests use but do not create, and who creates them. */
    private static final Map<String, String> CREATED_OUTSIDE =
            Map.of(
                    "Secret/inferscope-collectors-kafka-client",
                            "you: the collectors' Kafka client properties (README)",
                    "Secret/inferscope-jobs-kafka-client",
                            "you: the Flink jobs' Kafka client properties (README)",
                    "Secret/inferscope-console-kafka-client",
                            "you: the console's Kafka client properties (README)",
                    "ServiceAccount/flink",
                            "the Flink Kubernetes Operator's Helm chart, in every watched"
                                    + " namespace");

    private final Manifests manifests = Manifests.load();

    @Test
    void everyReferencedObjectExistsOrIsCreatedOutsideOnPurpose() {
        for (String ref : references()) {
            String[] kindName = ref.split("/", 2);
            boolean inManifests = manifests.find(kindName[0], kindName[1]).isPresent();
            assertThat(inManifests || CREATED_OUTSIDE.containsKey(ref))
                    .as("%s is referenced but neither in deploy/base nor created outside", ref)
                    .isTrue();
        }
    }

    @Test
    void theCreatedOutsideListHoldsOnlyWhatIsReferencedAndDocumented() throws IOException {
        String readme = Files.readString(DeployDir.root().resolve("README.md"));
        Set<String> refs = references();
        for (String entry : CREATED_OUTSIDE.keySet()) {
            assertThat(refs).as("stale entry %s", entry).contains(entry);
            assertThat(manifests.find(entry.split("/")[0], entry.split("/")[1]))
                    .as("%s is in the manifests after all", entry)
                    .isEmpty();
            assertThat(readme).as("README.md names %s", entry).contains(entry.split("/")[1]);
        }
    }

    @Test
    void everyConfigMapKeyReadByAContainerExists() {
        for (Workloads.Workload w : Workloads.all(manifests)) {
            for (Container c : containers(w.pod().getSpec())) {
                for (EnvVar e : c.getEnv()) {
                    var ref =
                            e.getValueFrom() == null ? null : e.getValueFrom().getConfigMapKeyRef();
                    if (ref != null) {
                        assertThat(manifests.configMapData(ref.getName()))
                                .as("%s env %s", w, e.getName())
                                .containsKey(ref.getKey());
                    }
                }
            }
        }
    }

    @Test
    void bindingsNameExistingRolesAndServiceAccounts() {
        for (ClusterRoleBinding b : manifests.typed(ClusterRoleBinding.class)) {
            assertThat(manifests.find(b.getRoleRef().getKind(), b.getRoleRef().getName()))
                    .as("roleRef of %s", b.getMetadata().getName())
                    .isPresent();
            checkSubjects(b.getSubjects());
        }
        for (RoleBinding b : manifests.typed(RoleBinding.class)) {
            assertThat(manifests.find(b.getRoleRef().getKind(), b.getRoleRef().getName()))
                    .as("roleRef of %s", b.getMetadata().getName())
                    .isPresent();
            checkSubjects(b.getSubjects());
        }
    }

    private void checkSubjects(List<Subject> subjects) {
        assertThat(subjects).isNotEmpty();
        for (Subject s : subjects) {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getNamespace()).isEqualTo(Manifests.NAMESPACE);
            assertThat(manifests.find("ServiceAccount", s.getName())).as(s.getName()).isPresent();
        }
    }

    /** "Kind/name" of every object any pod of the manifests refers to. */
    private Set<String> references() {
        Set<String> out = new HashSet<>();
        for (Workloads.Workload w : Workloads.all(manifests)) {
            PodSpec spec = w.pod().getSpec();
            if (w.isFlink()) {
                Object sa =
                        ((GenericKubernetesResource) w.doc().resource())
                                .get("spec", "serviceAccount");
                out.add("ServiceAccount/" + (sa == null ? "default" : sa));
            } else if (spec.getServiceAccountName() != null) {
                out.add("ServiceAccount/" + spec.getServiceAccountName());
            }
            for (LocalObjectReference s : spec.getImagePullSecrets()) {
                out.add("Secret/" + s.getName());
            }
            for (Volume v : spec.getVolumes()) {
                if (v.getConfigMap() != null) {
                    out.add("ConfigMap/" + v.getConfigMap().getName());
                }
                if (v.getSecret() != null) {
                    out.add("Secret/" + v.getSecret().getSecretName());
                }
                if (v.getPersistentVolumeClaim() != null) {
                    out.add("PersistentVolumeClaim/" + v.getPersistentVolumeClaim().getClaimName());
                }
                if (v.getProjected() != null) {
                    v.getProjected()
                            .getSources()
                            .forEach(
                                    p -> {
                                        if (p.getConfigMap() != null) {
                                            out.add("ConfigMap/" + p.getConfigMap().getName());
                                        }
                                        if (p.getSecret() != null) {
                                            out.add("Secret/" + p.getSecret().getName());
                                        }
                                    });
                }
            }
            for (Container c : containers(spec)) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        out.add("ConfigMap/" + e.getValueFrom().getConfigMapKeyRef().getName());
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        out.add("Secret/" + e.getValueFrom().getSecretKeyRef().getName());
                    }
                }
                for (EnvFromSource e : c.getEnvFrom()) {
                    if (e.getConfigMapRef() != null) {
                        out.add("ConfigMap/" + e.getConfigMapRef().getName());
                    }
                    if (e.getSecretRef() != null) {
                        out.add("Secret/" + e.getSecretRef().getName());
                    }
                }
            }
        }
        return out;
    }

    private static List<Container> containers(PodSpec spec) {
        return Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream())
                .toList();
    }
}
