package io.inferscope.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentResolverTest {
    @Test
    void theNameRuleStripsTheReplicaSetAndPodSuffixesOnly() {
        DeploymentResolver r = DeploymentResolver.RULE;
        assertThat(r.deploymentOf("prod", "vllm-llama-7d9f8b6c5d-x2x4z")).isEqualTo("vllm-llama");
        assertThat(r.deploymentOf("prod", "web-5c9b6f7d8-abcde")).isNull(); // vowels: not a hash
        assertThat(r.deploymentOf("prod", "redis-0")).isNull();
        assertThat(r.deploymentOf("prod", "node-exporter-x2x4z")).isNull();
        assertThat(r.deploymentOf("prod", null)).isNull();
    }

    @Test
    void aMappingFileWinsOverTheRule(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("map.properties");
        Files.writeString(
                file, "# pod -> deployment\nredis-0=redis\nprod/vllm-7d9f8b6c5d-x2x4z=llama\n");
        DeploymentResolver r = DeploymentResolver.load(file);
        assertThat(r.deploymentOf("prod", "redis-0")).isEqualTo("redis");
        assertThat(r.deploymentOf("prod", "vllm-7d9f8b6c5d-x2x4z")).isEqualTo("llama");
        assertThat(r.deploymentOf("dev", "vllm-7d9f8b6c5d-x2x4z")).isEqualTo("vllm");
    }

    @Test
    void aMissingMappingFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> DeploymentResolver.load(dir.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deployment mapping file not found");
    }
}
