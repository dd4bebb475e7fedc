package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TailCommandITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String TOPIC = Topics.RAW_REQUESTS.name();
    private static final RecordCodec<RequestEvent> CODEC = Codecs.of(RequestEvent.class);
    private static final long T0 = 1_760_000_000_000L;
    private static final Labels LABELS =
            new Labels("local", "ml", "chat", "llama-3-8b", "chat-7d9f-abc", "node-1");
    private static final RequestEvent START =
            RequestEvent.start("req-1", T0, LABELS, RequestEvent.Endpoint.CHAT_COMPLETIONS, true);
    private static final RequestEvent END =
            new RequestEvent(
                    RequestEvent.Type.END,
                    "req-1",
                    T0 + 900,
                    LABELS,
                    RequestEvent.Endpoint.CHAT_COMPLETIONS,
                    true,
                    RequestEvent.Status.OK,
                    200,
                    null,
                    3.0,
                    120.5,
                    900.0,
                    776.5,
                    19.9,
                    12,
                    40,
                    false);

    private static final byte[] RANDOM_BYTES = {0x00, (byte) 0xff, 0x13, 0x7f, (byte) 0x80, 0x01};
    private static final byte[] TRUNCATED_JSON =
            "{\"type\":\"end\",\"request_id\":\"req-2\",\"ts_".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEGATIVE_DURATION =
            ("{\"type\":\"end\",\"request_id\":\"req-3\",\"ts_ms\":"
                            + T0
                            + ",\"status\":\"ok\",\"e2e_ms\":-5.0}")
                    .getBytes(StandardCharsets.UTF_8);

    /** Partition 0 holds, by offset: start, random bytes, truncated JSON, negative e2e, end. */
    @BeforeAll
    static void produceGoodAndBadRecords() throws Exception {
        List<byte[]> values =
                List.of(
                        CODEC.encode(START),
                        RANDOM_BYTES,
                        TRUNCATED_JSON,
                        NEGATIVE_DURATION,
                        CODEC.encode(END));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
            for (byte[] v : values) {
                producer.send(
                                new ProducerRecord<>(
                                        TOPIC, 0, "req".getBytes(StandardCharsets.UTF_8), v))
                        .get(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void printsEveryGoodRecordAndOneErrorLinePerBadRecord() {
        CliRun run =
                CliRun.of(
                        "tail",
                        TOPIC,
                        "--from-beginning",
                        "--max",
                        "5",
                        "--bootstrap",
                        KAFKA.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.errLines())
                .hasSize(3)
                .satisfiesExactly(
                        l ->
                                assertThat(l)
                                        .startsWith(
                                                "error partition=0 offset=1: $: malformed JSON"),
                        l ->
                                assertThat(l)
                                        .startsWith(
                                                "error partition=0 offset=2: $: malformed JSON"),
                        l ->
                                assertThat(l)
                                        .isEqualTo(
                                                "error partition=0 offset=3: $.e2e_ms: must be a finite number >= 0, got -5.0"));
        List<String> out = run.outLines();
        assertThat(out).hasSize(3);
        assertThat(out.get(0))
                .startsWith("TIME")
                .contains("REQUEST_ID", "DEPLOYMENT/MODEL", "TTFT", "E2E");
        assertThat(out.get(1)).contains("start", "req-1", "chat/llama-3-8b", "chat-7d9f-abc");
        assertThat(out.get(2))
                .contains("end", "req-1", "chat/llama-3-8b", "ok 200", "121ms", "900ms", "12/40");
    }

    @Test
    void jsonPrintsEachGoodRecordExactlyAsTheCodecEncodesIt() throws Exception {
        CliRun run =
                CliRun.of(
                        "tail",
                        TOPIC,
                        "--from-beginning",
                        "--max",
                        "5",
                        "--json",
                        "--bootstrap",
                        KAFKA.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.errLines()).hasSize(3);
        assertThat(run.outLines())
                .containsExactly(CODEC.encodeToString(START), CODEC.encodeToString(END));
        for (String line : run.outLines()) {
            JsonNode node = Codecs.mapper().readTree(line);
            assertThat(node.isObject()).isTrue();
            assertThat(CODEC.decode(line)).isIn(START, END);
        }
    }

    @Test
    void maxStopsAfterThatManyRecordsCountingBadOnes() {
        CliRun run =
                CliRun.of(
                        "tail",
                        TOPIC,
                        "--from-beginning",
                        "--max",
                        "2",
                        "--json",
                        "--bootstrap",
                        KAFKA.bootstrapServers());

        assertThat(run.outLines()).containsExactly(CODEC.encodeToString(START));
        assertThat(run.errLines()).hasSize(1);
    }

    @Test
    void unknownTopicIsAClearErrorListingTheCatalog() {
        CliRun run =
                CliRun.of(
                        "tail", "inferscope.raw.request", "--bootstrap", KAFKA.bootstrapServers());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .containsExactly(
                        "error: unknown topic 'inferscope.raw.request'; catalog topics: "
                                + String.join(
                                        ", ", Topics.ALL.stream().map(t -> t.name()).toList()));
        assertThat(run.out()).isEmpty();
    }
}
