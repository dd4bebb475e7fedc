package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cached stubs keep what lookups read and nothing else. */
class SlimTest {
    static Pod fullPod() {
        return new PodBuilder()
                .withNewMetadata()
                .withName("vllm-llama-7d9f-abcde")
                .withNamespace("ns")
                .withUid("pod-uid")
                .withResourceVersion("42")
                .withCreationTimestamp(MockCluster.T0)
                .addToLabels(Owners.POD_TEMPLATE_HASH, "7d9f")
                .addToLabels("app", "vllm")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{...}")
                .addToManagedFields(
                        new ManagedFieldsEntryBuilder()
                                .withManager("kubelet")
                                .withOperation("Update")
                                .build())
                .addNewOwnerReference()
                .withKind("ReplicaSet")
                .withName("vllm-llama-7d9f")
                .withUid("rs-uid")
                .withController(true)
                .withApiVersion("apps/v1")
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName("n1")
                .withServiceAccountName("default")
                .addNewContainer()
                .withName("vllm")
                .withImage("vllm/vllm-openai:latest")
                .addToArgs("--model", "llama")
                .addNewEnv()
                .withName("HF_HOME")
                .withValue("/cache")
                .endEnv()
                .withNewResources()
                .addToRequests("cpu", new Quantity("4"))
                .addToRequests("ephemeral-storage", new Quantity("10Gi"))
                .addToLimits("nvidia.com/gpu", new Quantity("1"))
                .addToLimits("memory", new Quantity("32Gi"))
                .endResources()
                .endContainer()
                .addNewContainer()
                .withName("sidecar")
                .endContainer()
                .endSpec()
                .withStatus(MockCluster.crashLooping(3))
                .build();
    }

    @Test
    void podStubKeepsIdentityOwnersAndTemplateHashOnly() {
        Pod full = fullPod();
        PodView stub = Slim.podStub(Views.view(full));
        assertThat(stub.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(stub.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(stub.getMetadata().getLabels())
                .containsExactly(Map.entry(Owners.POD_TEMPLATE_HASH, "7d9f"));
        assertThat(stub.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(stub.getMetadata().getUid()).isEqualTo("pod-uid");
        assertThat(stub.getSpec()).isNull();
        assertThat(stub.getStatus()).isNull();
        assertThat(Serialization.asJson(stub).length())
                .as("serialized size, a proxy for the heap it keeps")
                .isLessThan(Serialization.asJson(full).length() / 4);
    }

    @Test
    void ownersResolveTheSameDeploymentThroughSlimCaches() {
        ReplicaSet rs =
                new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName("vllm-llama-7d9f")
                        .withNamespace("ns")
                        .withUid("rs-uid")
                        .addNewOwnerReference()
                        .withKind("Deployment")
                        .withName("vllm-llama")
                        .withController(true)
                        .endOwnerReference()
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(3)
                        .endSpec()
                        .build();
        HorizontalPodAutoscaler hpa =
                new HorizontalPodAutoscalerBuilder()
                        .withNewMetadata()
                        .withName("h")
                        .withNamespace("ns")
                        .endMetadata()
                        .withNewSpec()
                        .withMinReplicas(1)
                        .withMaxReplicas(8)
                        .withNewScaleTargetRef("apps/v1", "Deployment", "vllm-llama")
                        .endSpec()
                        .withNewStatus()
                        .withCurrentReplicas(2)
                        .withDesiredReplicas(3)
                        .endStatus()
                        .build();
        PodView pod = Slim.podStub(Views.view(fullPod()));
        Owners owners =
                new Owners(
                        new Owners.Lookup() {
                            @Override
                            public ReplicaSetView replicaSet(String namespace, String name) {
                                return Slim.replicaSet(Views.view(rs));
                            }

                            @Override
                            public PodView pod(String namespace, String name) {
                                return pod;
                            }

                            @Override
                            public HpaView hpa(String namespace, String name) {
                                return Slim.hpa(Views.view(hpa));
                            }
                        });
        assertThat(owners.deploymentOf(pod)).isEqualTo("vllm-llama");
        assertThat(WorkloadMapping.hpa(Slim.hpa(Views.view(hpa))))
                .isEqualTo(WorkloadMapping.hpa(Views.view(hpa)));
    }

    @Test
    void workloadAndEventStubsKeepIdentityOnly() {
        Deployment d =
                new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("d")
                        .withNamespace("ns")
                        .withUid("d-uid")
                        .withResourceVersion("7")
                        .addToAnnotations("a", "b")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(4)
                        .endSpec()
                        .build();
        DeploymentView stub = Slim.deploymentStub(Views.view(d));
        assertThat(stub.getMetadata().getUid()).isEqualTo("d-uid");
        assertThat(stub.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(stub.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(stub.getSpec()).isNull();
        Event e =
                new EventBuilder()
                        .withNewMetadata()
                        .withName("e")
                        .withNamespace("ns")
                        .endMetadata()
                        .withMessage("x".repeat(EventMapping.MAX_MESSAGE_CHARS))
                        .build();
        assertThat(Views.view(e).getMessage()).isNotNull();
        assertThat(Slim.eventStub(Views.view(e)).getMessage()).isNull();
        ResourceQuota q =
                new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("q")
                        .endMetadata()
                        .withNewSpec()
                        .addToHard("requests.nvidia.com/gpu", new Quantity("8"))
                        .endSpec()
                        .build();
        assertThat(Views.view(q).getSpec()).isNotNull();
        assertThat(Slim.quotaStub(Views.view(q)).getSpec()).isNull();
    }
}
