package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD =
            "{\"type\":\"end\",\"request_id\":\"a\",\"ts_ms\":1700000000000,\"status\":\"ok\",\"e2e_ms\":12.5}";
    private static final String NEGATIVE_TTFT =
            "{\"type\":\"end\",\"request_id\":\"b\",\"ts_ms\":1700000000000,\"status\":\"ok\",\"e2e_ms\":1,\"ttft_ms\":-3}";

    private final CollectingSink sink = new CollectingSink();
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway =
                Gateway.start(
                        GatewayConfig.defaults(List.of(Upstream.parse("http://127.0.0.1:9")))
                                .withListen("127.0.0.1", 0)
                                .withEventLoops(1),
                        sink);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void validBatchIsAcceptedAndPublishedKeyedByRequestId() throws Exception {
        HttpResponse<byte[]> r =
                Clients.post(
                        gateway.port(),
                        "/ingest/v1/requests",
                        "[" + GOOD + "," + GOOD.replace("\"a\"", "\"c\"") + "]");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).path("accepted").asInt()).isEqualTo(2);
        assertThat(sink.all).extracting(CollectingSink.Published::key).containsExactly("a", "c");
    }

    @Test
    void oneInvalidRecordRejectsTheWholeBatchNamingIndexAndPath() throws Exception {
        HttpResponse<byte[]> r =
                Clients.post(
                        gateway.port(),
                        "/ingest/v1/requests",
                        "[" + GOOD + "," + NEGATIVE_TTFT + "]");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("index").asInt()).isEqualTo(1);
        assertThat(body.path("path").asText()).isEqualTo("$.ttft_ms");
        assertThat(body.path("reason").asText()).isNotBlank();
        assertThat(sink.all).isEmpty();
    }

    @Test
    void tokenRecordsAreDecodedStrictly() throws Exception {
        String ok =
                "{\"request_id\":\"t\",\"ts_ms\":1700000000000,\"seq\":0,\"completion_tokens\":3}";
        String wrongType =
                "{\"request_id\":\"t\",\"ts_ms\":1700000000000,\"seq\":\"0\",\"completion_tokens\":3}";
        assertThat(Clients.post(gateway.port(), "/ingest/v1/tokens", "[" + ok + "]").statusCode())
                .isEqualTo(202);
        HttpResponse<byte[]> bad =
                Clients.post(gateway.port(), "/ingest/v1/tokens", "[" + wrongType + "]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("path").asText()).isEqualTo("$.seq");
        assertThat(sink.tokens()).hasSize(1);
    }

    @Test
    void notAnArrayOrNotJsonIsA400() throws Exception {
        assertThat(Clients.post(gateway.port(), "/ingest/v1/requests", GOOD).statusCode())
                .isEqualTo(400);
        assertThat(Clients.post(gateway.port(), "/ingest/v1/requests", "[{").statusCode())
                .isEqualTo(400);
        assertThat(Clients.get(gateway.port(), "/ingest/v1/requests").statusCode()).isEqualTo(405);
    }
}
