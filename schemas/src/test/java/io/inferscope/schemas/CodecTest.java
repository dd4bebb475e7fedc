package io.inferscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the strict codec accepts and refuses, and how it names the field at fault. */
class CodecTest {
    private static final long T0 = 1773756300000L; // 2026-03-17T14:05:00Z
    private static final Charset UTF8 = StandardCharsets.UTF_8;
    private static final RecordCodec<RequestEvent> REQUESTS = Codecs.of(RequestEvent.class);
    private static final String START =
            "{\"type\":\"start\",\"request_id\":\"r-1\",\"ts_ms\":" + T0 + "}";
    private static final String END_OK =
            "{\"type\":\"end\",\"request_id\":\"r-1\",\"ts_ms\":"
                    + (T0 + 900)
                    + ",\"status\":\"ok\",\"e2e_ms\":900.5";

    @Test
    void unknownEnumIsRejectedWithPath() {
        assertRejectedAt(REQUESTS, START.replace("\"start\"", "\"begin\""), "$.type");
        assertRejectedAt(
                Codecs.of(K8sRecord.class),
                Contract.text(Contract.example(Topics.RAW_K8S, "01-pod-crashloop.json"))
                        .replace("\"Running\"", "\"running\""),
                "$.pod.phase");
    }

    @Test
    void stringWhereNumberExpectedIsRejected() {
        assertRejectedAt(REQUESTS, END_OK + ",\"ttft_ms\":\"12.5\"}", "$.ttft_ms");
        assertRejectedAt(REQUESTS, START.replace("" + T0, "\"" + T0 + "\""), "$.ts_ms");
    }

    @Test
    void numberWhereStringOrBooleanExpectedIsRejected() {
        assertRejectedAt(REQUESTS, START.replace("\"r-1\"", "17"), "$.request_id");
        assertRejectedAt(REQUESTS, withField(START, "\"labels\":{\"model\":5}"), "$.labels.model");
        assertRejectedAt(REQUESTS, withField(START, "\"stream\":1"), "$.stream");
    }

    @Test
    void fractionWhereIntegerExpectedIsRejected() {
        assertRejectedAt(REQUESTS, END_OK + ",\"prompt_tokens\":12.5}", "$.prompt_tokens");
        // JSON Schema counts 12.0 as an integer; the codec deliberately does not.
        assertRejectedAt(REQUESTS, END_OK + ",\"prompt_tokens\":12.0}", "$.prompt_tokens");
    }

    @Test
    void integerOverflowIsRejectedWithPath() {
        assertRejectedAt(REQUESTS, END_OK + ",\"prompt_tokens\":2147483648}", "$.prompt_tokens");
    }

    @Test
    void numberBeyondDoubleRangeIsRejected() {
        // 1e400 parses as Infinity, which would be written back as the string "Infinity".
        assertRejectedAt(REQUESTS, END_OK + ",\"ttft_ms\":1e400}", "$.ttft_ms");
        assertRejectedAt(
                Codecs.of(GpuRecord.class),
                "{\"type\":\"sample\",\"ts_ms\":"
                        + T0
                        + ",\"gpu_uuid\":\"GPU-1\","
                        + "\"temperature_c\":-1e999}",
                "$.temperature_c");
    }

    @Test
    void nonFiniteNumberSpelledAsStringIsRejected() {
        // Jackson would otherwise read these strings as numbers, even with string coercion off.
        for (String special : List.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"")) {
            assertRejectedAt(
                    Codecs.of(Alert.class),
                    "{\"fingerprint\":\"f\",\"status\":\"firing\",\"rule\":\"r\","
                            + "\"severity\":\"info\",\"starts_at_ms\":"
                            + T0
                            + ",\"updated_at_ms\":"
                            + T0
                            + ",\"value\":"
                            + special
                            + "}",
                    "$.value");
        }
    }

    @Test
    void negativeDurationIsRejected() {
        assertRejectedAt(REQUESTS, END_OK.replace("900.5", "-0.5") + "}", "$.e2e_ms");
        assertRejectedAt(REQUESTS, END_OK + ",\"queue_ms\":-3}", "$.queue_ms");
    }

    @Test
    void nonPositiveTimestampIsRejected() {
        assertRejectedAt(REQUESTS, START.replace("" + T0, "0"), "$.ts_ms");
        assertRejectedAt(REQUESTS, START.replace("" + T0, "-5"), "$.ts_ms");
    }

    @Test
    void negativeMapValueIsRejectedWithItsKey() {
        String quota =
                "{\"kind\":\"quota\",\"ts_ms\":"
                        + T0
                        + ",\"uid\":\"q\",\"name\":\"q\","
                        + "\"quota\":{\"hard\":{\"requests.nvidia.com/gpu\":-8.0}}}";
        assertRejectedAt(Codecs.of(K8sRecord.class), quota, "$.quota.hard.requests.nvidia.com/gpu");
    }

    @Test
    void missingRequiredFieldIsRejected() {
        assertRejectedAt(REQUESTS, "{\"type\":\"start\",\"ts_ms\":" + T0 + "}", "$.request_id");
        assertRejectedAt(REQUESTS, "{\"request_id\":\"r\",\"ts_ms\":" + T0 + "}", "$.type");
        assertRejectedAt(REQUESTS, START.replace("\"r-1\"", "\"  \""), "$.request_id");
    }

    @Test
    void missingPrimitiveCountIsRejected() {
        String deployment =
                "{\"kind\":\"deployment\",\"ts_ms\":"
                        + T0
                        + ",\"uid\":\"d\",\"name\":\"d\","
                        + "\"deployment\":{\"desired\":2,\"ready\":2,\"available\":2}}";
        assertRejectedAt(Codecs.of(K8sRecord.class), deployment, "$.deployment.updated");
    }

    @Test
    void oversizedRecordIsRejected() {
        byte[] big = withField(START, "\"pad\":\"" + "x".repeat(2_000) + "\"").getBytes(UTF8);
        RecordCodec<RequestEvent> small = REQUESTS.withMaxBytes(1_024);

        assertThatThrownBy(() -> small.decode(big))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("exceeds the limit of 1024");
        byte[] overDefault = new byte[RecordCodec.DEFAULT_MAX_BYTES + 1];
        assertRejectedAt(REQUESTS, overDefault, "$");
    }

    @Test
    void trailingGarbageIsRejected() {
        assertRejectedAt(REQUESTS, START + " {}", "$");
        assertRejectedAt(REQUESTS, START + "x", "$");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertRejectedAt(REQUESTS, withField(START, "\"ts_ms\":" + (T0 + 1)), "$");
        assertThatThrownBy(() -> REQUESTS.decode(withField(START, "\"ts_ms\":1")))
                .hasMessageContaining("Duplicate field 'ts_ms'");
    }

    @Test
    void malformedEmptyAndNonObjectInputIsRejected() {
        for (String bad : List.of("", "null", "[]", "\"start\"", "42", "{", "{\"type\":}")) {
            assertRejectedAt(REQUESTS, bad, "$");
        }
        assertRejectedAt(REQUESTS, new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b}, "$");
        assertRejectedAt(REQUESTS, (byte[]) null, "$");
    }

    @Test
    void excessiveNestingIsRejected() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertRejectedAt(REQUESTS, withField(START, "\"pad\":" + deep), "$");
    }

    @Test
    void unknownFieldsAreIgnored() throws DecodeException {
        String future = withField(START, "\"priority\":{\"class\":\"batch\",\"weight\":[1,2]}");

        RequestEvent event = REQUESTS.decode(future);

        assertThat(event).isEqualTo(REQUESTS.decode(START));
        assertThat(REQUESTS.encodeToString(event)).doesNotContain("priority");
    }

    @Test
    void startRecordMustNotCarryEndFields() {
        assertRejectedAt(REQUESTS, withField(START, "\"status\":\"ok\""), "$.status");
        assertRejectedAt(REQUESTS, withField(START, "\"e2e_ms\":1.0"), "$.e2e_ms");
        assertRejectedAt(
                REQUESTS, withField(START, "\"error_class\":\"timeout\""), "$.error_class");
    }

    @Test
    void dispatchRecordNamesItsReplicaAndCarriesNoEndFields() throws Exception {
        String dispatch = START.replace("\"start\"", "\"dispatch\"");
        assertRejectedAt(REQUESTS, dispatch, "$.labels.replica");
        String withReplica = withField(dispatch, "\"labels\":{\"replica\":\"r0\"}");
        RequestEvent ok = REQUESTS.decode(withReplica);
        org.assertj.core.api.Assertions.assertThat(ok.isDispatch()).isTrue();
        assertRejectedAt(REQUESTS, withField(withReplica, "\"e2e_ms\":1.0"), "$.e2e_ms");
    }

    @Test
    void endRecordNeedsStatusAndDuration() {
        String end = "{\"type\":\"end\",\"request_id\":\"r\",\"ts_ms\":" + T0;
        assertRejectedAt(REQUESTS, end + ",\"e2e_ms\":1.0}", "$.status");
        assertRejectedAt(REQUESTS, end + ",\"status\":\"ok\"}", "$.e2e_ms");
    }

    @Test
    void errorClassGoesWithErrorStatusOnly() {
        assertRejectedAt(REQUESTS, END_OK + ",\"error_class\":\"timeout\"}", "$.error_class");
        assertRejectedAt(REQUESTS, END_OK.replace("\"ok\"", "\"error\"") + "}", "$.error_class");
    }

    @Test
    void k8sKindMustMatchExactlyOneBody() {
        RecordCodec<K8sRecord> k8s = Codecs.of(K8sRecord.class);
        String head = "{\"kind\":\"hpa\",\"ts_ms\":" + T0 + ",\"uid\":\"u\",\"name\":\"n\"";
        String hpa = "\"hpa\":{\"max\":4,\"current\":2,\"desired\":2}";

        assertRejectedAt(k8s, head + "}", "$.hpa");
        assertRejectedAt(k8s, head + "," + hpa + ",\"quota\":{}}", "$.quota");
        assertThat(decodes(k8s, head + "," + hpa + "}")).isTrue();
    }

    @Test
    void gpuXidCodeGoesWithXidRecordsOnly() {
        RecordCodec<GpuRecord> gpu = Codecs.of(GpuRecord.class);
        String head = "\"ts_ms\":" + T0 + ",\"gpu_uuid\":\"GPU-1\"";

        assertRejectedAt(gpu, "{\"type\":\"xid\"," + head + "}", "$.xid");
        assertRejectedAt(gpu, "{\"type\":\"sample\"," + head + ",\"xid\":79}", "$.xid");
    }

    @Test
    void windowEndMustMatchWindowLength() {
        String logs =
                "{\"window_start_ms\":"
                        + T0
                        + ",\"window_end_ms\":"
                        + (T0 + 9_000)
                        + ",\"window_s\":10,\"scope\":\"container\",\"lines\":0,"
                        + "\"error_lines\":0,\"error_lines_per_s\":0.0}";
        assertRejectedAt(Codecs.of(LogMetrics.class), logs, "$.window_end_ms");
    }

    @Test
    void resolvedAlertNeedsAnEndNotBeforeItsStart() {
        RecordCodec<Alert> alerts = Codecs.of(Alert.class);
        String head =
                "{\"fingerprint\":\"f\",\"status\":\"resolved\",\"rule\":\"r\",\"severity\":\"info\","
                        + "\"starts_at_ms\":"
                        + T0
                        + ",\"updated_at_ms\":"
                        + T0;

        assertRejectedAt(alerts, head + "}", "$.ends_at_ms");
        assertRejectedAt(alerts, head + ",\"ends_at_ms\":" + (T0 - 1) + "}", "$.ends_at_ms");
    }

    @Test
    void nullListElementIsRejectedWithIndex() {
        String tokens =
                "{\"request_id\":\"r\",\"ts_ms\":"
                        + T0
                        + ",\"seq\":0,\"completion_tokens\":2,"
                        + "\"itl_ms\":[8.5,null]}";
        assertRejectedAt(Codecs.of(TokenProgress.class), tokens, "$.itl_ms[1]");
    }

    @Test
    void explicitNullIsReadAsAbsentAndNeverWritten() throws DecodeException {
        RequestEvent event = REQUESTS.decode(withField(START, "\"stream\":null,\"labels\":null"));

        assertThat(event.stream()).isNull();
        assertThat(event.labels()).isEqualTo(Labels.EMPTY);
        assertThat(REQUESTS.encodeToString(event)).doesNotContain("null");
    }

    @Test
    void defaultsAreWrittenSoEncodedRecordsAreComplete() throws DecodeException {
        JsonNode encoded = Contract.tree(REQUESTS.encodeToString(REQUESTS.decode(START)));

        assertThat(encoded.get("labels").isObject()).isTrue();
        assertThat(encoded.get("labels").size()).isZero();
        String event =
                "{\"kind\":\"event\",\"ts_ms\":"
                        + T0
                        + ",\"uid\":\"u\",\"name\":\"n\","
                        + "\"event\":{\"type\":\"Warning\",\"reason\":\"BackOff\"}}";
        RecordCodec<K8sRecord> k8s = Codecs.of(K8sRecord.class);
        assertThat(k8s.encodeToString(k8s.decode(event))).contains("\"action\":\"updated\"");
    }

    @Test
    void enumsAreWrittenByTheirWireNames() throws DecodeException {
        String pod = Contract.text(Contract.example(Topics.RAW_K8S, "01-pod-crashloop.json"));
        RecordCodec<K8sRecord> k8s = Codecs.of(K8sRecord.class);

        String encoded = k8s.encodeToString(k8s.decode(pod));

        assertThat(encoded).contains("\"phase\":\"Running\"", "\"kind\":\"pod\"");
    }

    @Test
    void treeDecodingAppliesTheSameChecks() {
        JsonNode negative = Contract.tree(END_OK.replace("900.5", "-1.0") + "}");

        assertThatThrownBy(() -> REQUESTS.decode(negative))
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).path())
                .isEqualTo("$.e2e_ms");
        assertThatThrownBy(() -> REQUESTS.decode(Contract.tree("[1]")))
                .isInstanceOf(DecodeException.class);
    }

    private static String withField(String json, String field) {
        return json.substring(0, json.length() - 1) + "," + field + "}";
    }

    private static boolean decodes(RecordCodec<?> codec, String json) {
        try {
            codec.decode(json);
            return true;
        } catch (DecodeException e) {
            return false;
        }
    }

    private static void assertRejectedAt(RecordCodec<?> codec, String json, String path) {
        assertRejectedAt(codec, json == null ? null : json.getBytes(UTF8), path);
    }

    private static void assertRejectedAt(RecordCodec<?> codec, byte[] json, String path) {
        assertThatThrownBy(() -> codec.decode(json))
                .as("decode of %s", json == null ? "null" : new String(json, UTF8))
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).path()).isEqualTo(path));
    }
}
