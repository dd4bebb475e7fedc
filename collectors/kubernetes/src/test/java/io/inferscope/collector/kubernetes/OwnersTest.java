package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnersTest {
    private final Map<String, ReplicaSet> replicaSets = new HashMap<>();
    private final Map<String, Pod> pods = new HashMap<>();
    private final Owners owners =
            new Owners(
                    new Owners.Lookup() {
                        @Override
                        public ReplicaSetView replicaSet(String namespace, String name) {
                            ReplicaSet rs = replicaSets.get(namespace + "/" + name);
                            return rs == null ? null : Views.view(rs);
                        }

                        @Override
                        public PodView pod(String namespace, String name) {
                            Pod p = pods.get(namespace + "/" + name);
                            return p == null ? null : Views.view(p);
                        }

                        @Override
                        public HpaView hpa(String namespace, String name) {
                            return null;
                        }
                    });

    private static ReplicaSet rs(String name, String uid, String deployment) {
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("ns")
                .withUid(uid)
                .addToOwnerReferences(
                        new OwnerReferenceBuilder()
                                .withKind("Deployment")
                                .withName(deployment)
                                .withUid("d-uid")
                                .withController(true)
                                .build())
                .endMetadata()
                .build();
    }

    private static Pod pod(String name, String rsName, String rsUid, String hash) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("ns")
                .withUid("uid-" + name)
                .addToLabels(hash == null ? Map.of() : Map.of(Owners.POD_TEMPLATE_HASH, hash))
                .addToOwnerReferences(
                        new OwnerReferenceBuilder()
                                .withKind("ReplicaSet")
                                .withName(rsName)
                                .withUid(rsUid)
                                .withController(true)
                                .build())
                .endMetadata()
                .build();
    }

    @Test
    void podResolvesThroughItsReplicaSetsOwnerReference() {
        // A name that does not follow the convention proves the lookup, not the fallback.
        replicaSets.put("ns/custom-rs", rs("custom-rs", "rs-uid", "vllm"));
        assertThat(owners.deploymentOf(Views.view(pod("p", "custom-rs", "rs-uid", "abc"))))
                .isEqualTo("vllm");
    }

    @Test
    void uncachedReplicaSetFallsBackToThePodTemplateHashConvention() {
        assertThat(owners.deploymentOf(Views.view(pod("p", "vllm-llama-5d8f7", "rs-uid", "5d8f7"))))
                .isEqualTo("vllm-llama");
        assertThat(owners.deploymentOf(Views.view(pod("p", "vllm-llama-5d8f7", "rs-uid", null))))
                .isNull();
        assertThat(owners.deploymentOf(Views.view(pod("p", "standalone", "rs-uid", "5d8f7"))))
                .isNull();
    }

    @Test
    void aReplicaSetWithTheSameNameButAnotherUidIsNotTheOwner() {
        replicaSets.put("ns/custom-rs", rs("custom-rs", "new-uid", "other"));
        assertThat(owners.deploymentOf(Views.view(pod("p", "custom-rs", "old-uid", "abc"))))
                .isNull();
    }

    @Test
    void podWithoutReplicaSetOwnerHasNoDeployment() {
        Pod bare =
                new PodBuilder()
                        .withNewMetadata()
                        .withName("bare")
                        .withNamespace("ns")
                        .endMetadata()
                        .build();
        assertThat(owners.deploymentOf(Views.view(bare))).isNull();
    }

    @Test
    void eventInvolvedObjectsResolveByKind() {
        replicaSets.put("ns/custom-rs", rs("custom-rs", "rs-uid", "vllm"));
        Pod p = pod("p", "custom-rs", "rs-uid", "abc");
        pods.put("ns/p", p);
        var ref = new ObjectReferenceBuilder().withNamespace("ns");
        assertThat(owners.deploymentOf(Views.ref(ref.withKind("Pod").withName("p").build()), "ns"))
                .isEqualTo("vllm");
        assertThat(
                        owners.deploymentOf(
                                Views.ref(
                                        ref.withKind("Pod").withName("p").withUid("stale").build()),
                                "ns"))
                .isNull();
        assertThat(
                        owners.deploymentOf(
                                Views.ref(
                                        ref.withKind("ReplicaSet")
                                                .withName("custom-rs")
                                                .withUid(null)
                                                .build()),
                                "ns"))
                .isEqualTo("vllm");
        assertThat(
                        owners.deploymentOf(
                                Views.ref(ref.withKind("Deployment").withName("d").build()), "ns"))
                .isEqualTo("d");
        assertThat(owners.deploymentOf(Views.ref(ref.withKind("Node").withName("n").build()), "ns"))
                .isNull();
        assertThat(owners.deploymentOf(null, "ns")).isNull();
    }
}
