package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpstreamTest {

    @Test
    void plainUrlIsLabelledHostPort() {
        Upstream u = Upstream.parse("http://10.0.0.7:8001");
        assertThat(u.name()).isEqualTo("10.0.0.7:8001");
        assertThat(u.node()).isNull();
        assertThat(u.upstreamUri("/v1/models")).isEqualTo("/v1/models");
    }

    @Test
    void namedFormWithNodeAndBasePath() {
        Upstream u = Upstream.parse("vllm-0@gpu-3=https://infer.local/base/");
        assertThat(u.name()).isEqualTo("vllm-0");
        assertThat(u.node()).isEqualTo("gpu-3");
        assertThat(u.port()).isEqualTo(443);
        assertThat(u.ssl()).isTrue();
        assertThat(u.upstreamUri("/v1/completions?x=1")).isEqualTo("/base/v1/completions?x=1");
    }

    @Test
    void badUrlsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Upstream.parse("ftp://x")).hasMessageContaining("http://");
        assertThatThrownBy(() -> Upstream.parse("localhost:8000")).hasMessageContaining("http");
    }
}
