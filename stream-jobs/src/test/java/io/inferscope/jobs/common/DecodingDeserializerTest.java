package io.inferscope.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DecodingDeserializerTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String TOPIC = "inferscope.raw.requests";

    private final DecodingDeserializer<RequestEvent> deserializer =
            new DecodingDeserializer<>(
                    RequestEvent.class, "request-metrics", RequestEvent::tsMs, 300_000, () -> NOW);

    private static byte[] start(long ts) {
        RequestEvent ev =
                RequestEvent.start(
                        "r1",
                        ts,
                        new Labels(null, "ns", "d", "m", "p", null),
                        RequestEvent.Endpoint.CHAT_COMPLETIONS,
                        true);
        return Codecs.of(RequestEvent.class).encode(ev);
    }

    @Test
    void aValidRecordIsDecodedWithItsCoordinates() {
        Ingested<RequestEvent> in = deserializer.decode(TOPIC, 2, 41, start(NOW - 1_000));
        assertThat(in.isOk()).isTrue();
        assertThat(in.record.requestId()).isEqualTo("r1");
        assertThat(in.partition).isEqualTo(2);
        assertThat(in.offset).isEqualTo(41);
        assertThat(in.deadLetter).isNull();
    }

    @Test
    void malformedJsonBecomesADeadLetterWithReasonPathAndPayload() {
        byte[] bad = "{\"type\":\"start\",\"ts_ms\":\"soon\"}".getBytes(StandardCharsets.UTF_8);
        Ingested<RequestEvent> in = deserializer.decode(TOPIC, 0, 7, bad);

        DeadLetter dl = in.deadLetter;
        assertThat(in.isOk()).isFalse();
        assertThat(dl.source()).isEqualTo("request-metrics");
        assertThat(dl.sourceTopic()).isEqualTo(TOPIC);
        assertThat(dl.partition()).isZero();
        assertThat(dl.offset()).isEqualTo(7);
        assertThat(dl.fieldPath()).isEqualTo("$.ts_ms");
        assertThat(dl.reason()).startsWith("$.ts_ms");
        assertThat(dl.payload()).isEqualTo(new String(bad, StandardCharsets.UTF_8));
        assertThat(dl.payloadTruncated()).isNull();
        assertThat(dl.tsMs()).isEqualTo(NOW);
    }

    @Test
    void anEventTimeFarInTheFutureIsRefused() {
        Ingested<RequestEvent> in = deserializer.decode(TOPIC, 0, 1, start(NOW + 300_001));
        assertThat(in.isOk()).isFalse();
        assertThat(in.deadLetter.reason()).startsWith("future:");
        assertThat(in.deadLetter.fieldPath()).isEqualTo("$.ts_ms");

        assertThat(deserializer.decode(TOPIC, 0, 2, start(NOW + 300_000)).isOk()).isTrue();
    }

    @Test
    void binaryAndOversizedPayloadsAreCappedAndKeptReadable() {
        byte[] binary = new byte[10_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i % 251 + 3);
        }
        binary[0] = (byte) 0xc3; // never valid UTF-8 followed by these bytes
        binary[1] = (byte) 0x28;
        DeadLetter dl = deserializer.decode(TOPIC, 1, 3, binary).deadLetter;
        assertThat(dl.payload()).isNull();
        assertThat(Base64.getDecoder().decode(dl.payloadBase64()))
                .hasSize(DeadLetters.MAX_PAYLOAD_BYTES);
        assertThat(dl.payloadTruncated()).isTrue();

        String big = "{\"x\":\"" + "é".repeat(5_000) + "\"}";
        DeadLetter text =
                deserializer.decode(TOPIC, 1, 4, big.getBytes(StandardCharsets.UTF_8)).deadLetter;
        assertThat(text.payload()).isNotNull().startsWith("{\"x\":\"é");
        assertThat(text.payload().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(DeadLetters.MAX_PAYLOAD_BYTES);
        assertThat(text.payloadTruncated()).isTrue();
    }

    @Test
    void emptyAndNullValuesAreDeadLetteredNotThrown() {
        assertThat(deserializer.decode(TOPIC, 0, 0, new byte[0]).deadLetter.reason())
                .contains("empty record");
        assertThat(deserializer.decode(TOPIC, 0, 0, null).isOk()).isFalse();
    }
}
