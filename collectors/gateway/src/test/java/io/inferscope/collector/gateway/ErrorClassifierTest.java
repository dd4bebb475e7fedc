package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.schemas.ErrorClass;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    @Test
    void upstreamStatusesMapToClasses() {
        assertThat(ErrorClassifier.ofStatus(200)).isNull();
        assertThat(ErrorClassifier.ofStatus(302)).isNull();
        assertThat(ErrorClassifier.ofStatus(400)).isEqualTo(ErrorClass.CLIENT_4XX);
        assertThat(ErrorClassifier.ofStatus(429)).isEqualTo(ErrorClass.CLIENT_4XX);
        assertThat(ErrorClassifier.ofStatus(500)).isEqualTo(ErrorClass.UPSTREAM_5XX);
        assertThat(ErrorClassifier.ofStatus(503)).isEqualTo(ErrorClass.UPSTREAM_5XX);
    }

    @Test
    void failuresBeforeTheHeadAreConnectErrorsAfterItBrokenStreams() {
        assertThat(ErrorClassifier.ofFailure(false, false)).isEqualTo(ErrorClass.UPSTREAM_CONNECT);
        assertThat(ErrorClassifier.ofFailure(true, false)).isEqualTo(ErrorClass.UPSTREAM_5XX);
        assertThat(ErrorClassifier.ofFailure(false, true)).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(ErrorClassifier.ofFailure(true, true)).isEqualTo(ErrorClass.TIMEOUT);
    }

    @Test
    void gatewayErrorsUseOpenAiShapeAndTheRightStatus() throws Exception {
        assertThat(ErrorClassifier.clientError(ErrorClass.UPSTREAM_CONNECT, "r").status())
                .isEqualTo(502);
        assertThat(ErrorClassifier.clientError(ErrorClass.TIMEOUT, "r").status()).isEqualTo(504);
        assertThat(ErrorClassifier.queueFull(8).status()).isEqualTo(429);
        OpenAiError timeout = ErrorClassifier.queueTimeout(30_000);
        assertThat(timeout.status()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(timeout.body());
        assertThat(body.path("error").path("type").asText()).isEqualTo("server_overloaded");
        assertThat(body.path("error").path("code").asText()).isEqualTo("queue_timeout");
        assertThat(body.path("error").path("message").asText()).contains("30000 ms");
        JsonNode full = new ObjectMapper().readTree(ErrorClassifier.queueFull(8).body());
        assertThat(full.path("error").path("type").asText()).isEqualTo("rate_limit_exceeded");
    }
}
