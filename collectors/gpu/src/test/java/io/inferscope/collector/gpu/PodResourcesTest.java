package io.inferscope.collector.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding the kubelet's ListPodResourcesResponse from its wire bytes. */
class PodResourcesTest {

    @Test
    void everyDeviceIdMapsToItsPodContainer() {
        byte[] answer =
                ProtoWriter.listResponse(
                        ProtoWriter.pod(
                                "vllm-6d9f7c8b5-k2x7p",
                                "llm",
                                ProtoWriter.container(
                                        "vllm",
                                        ProtoWriter.devices("nvidia.com/gpu", "GPU-a", "GPU-b")),
                                ProtoWriter.container("sidecar")),
                        ProtoWriter.pod(
                                "trainer-0",
                                "ml",
                                ProtoWriter.container(
                                        "main", ProtoWriter.devices("nvidia.com/gpu", "GPU-c"))));

        Map<String, GpuHolder> holders = PodResources.holdersByDeviceId(answer);

        GpuHolder vllm = new GpuHolder("llm", "vllm-6d9f7c8b5-k2x7p", "vllm", "vllm");
        assertThat(holders)
                .containsOnly(
                        Map.entry("GPU-a", vllm),
                        Map.entry("GPU-b", vllm),
                        Map.entry("GPU-c", new GpuHolder("ml", "trainer-0", "main", null)));
    }

    @Test
    void fieldsItDoesNotKnowAreSkipped() {
        // cpu_ids (3, packed varints), memory (4), topology inside devices (3) and an unknown
        // fixed64 field: all must be skipped without losing the devices.
        byte[] devices =
                ProtoWriter.concat(
                        ProtoWriter.devices("nvidia.com/gpu", "GPU-x"),
                        ProtoWriter.field(3, ProtoWriter.field(1, new byte[] {8, 1})));
        byte[] container =
                ProtoWriter.concat(
                        ProtoWriter.string(1, "c"),
                        ProtoWriter.field(3, new byte[] {2, 4, 6}),
                        ProtoWriter.field(2, devices),
                        ProtoWriter.field(4, ProtoWriter.string(1, "memory")),
                        new byte[] {(byte) (9 << 3 | 1), 1, 2, 3, 4, 5, 6, 7, 8});
        byte[] answer =
                ProtoWriter.listResponse(
                        ProtoWriter.concat(
                                ProtoWriter.field(3, container),
                                ProtoWriter.string(1, "p"),
                                ProtoWriter.string(2, "ns")));

        assertThat(PodResources.holdersByDeviceId(answer))
                .containsOnly(Map.entry("GPU-x", new GpuHolder("ns", "p", "c", null)));
    }

    @Test
    void truncatedAnswerIsRejected() {
        byte[] answer =
                ProtoWriter.listResponse(
                        ProtoWriter.pod(
                                "p",
                                "ns",
                                ProtoWriter.container("c", ProtoWriter.devices("r", "GPU-a"))));
        byte[] cut = Arrays.copyOf(answer, answer.length - 3);

        assertThatThrownBy(() -> PodResources.holdersByDeviceId(cut))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deploymentIsReadFromADeploymentPodName() {
        assertThat(PodResources.deploymentOf("vllm-llama-3-1-8b-6d9f7c8b5-k2x7p"))
                .isEqualTo("vllm-llama-3-1-8b");
        assertThat(PodResources.deploymentOf("trainer-0")).isNull();
        assertThat(PodResources.deploymentOf("node-exporter-x7k2p")).isNull(); // DaemonSet
        assertThat(PodResources.deploymentOf("web-abcdefghij-aeiou")).isNull(); // vowels
        assertThat(PodResources.deploymentOf(null)).isNull();
    }
}
