package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    @Test
    void readsModelAndStreamFlag() {
        RequestBodies.Inspected in =
                inspect("{\"model\":\"llama-3-8b\",\"stream\":true,\"messages\":[]}");
        assertThat(in.model()).isEqualTo("llama-3-8b");
        assertThat(in.stream()).isTrue();
        assertThat(in.clientAskedUsage()).isFalse();
    }

    @Test
    void clientRequestedUsageIsSeen() {
        assertThat(
                        inspect("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
                                .clientAskedUsage())
                .isTrue();
        assertThat(
                        inspect("{\"stream\":true,\"stream_options\":{\"include_usage\":false}}")
                                .clientAskedUsage())
                .isFalse();
    }

    @Test
    void nonJsonOrNonObjectBodiesAreNotStreamsAndHaveNoModel() {
        assertThat(inspect("not json").object()).isFalse();
        assertThat(inspect("[1,2]").model()).isNull();
        assertThat(inspect("").stream()).isFalse();
        assertThat(inspect("{\"stream\":\"true\"}").stream()).isFalse();
    }

    @Test
    void injectionAddsIncludeUsageAndKeepsEverythingElseExactly() {
        String body =
                "{\"model\":\"m\",\"stream\":true,\"temperature\":0.70,\"max_tokens\":12345678901,"
                        + "\"stream_options\":{\"continuous_usage_stats\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String out =
                new String(
                        RequestBodies.withUsageRequested(bytes(body), inspect(body)),
                        StandardCharsets.UTF_8);
        assertThat(out)
                .isEqualTo(
                        "{\"model\":\"m\",\"stream\":true,\"temperature\":0.70,\"max_tokens\":12345678901,"
                                + "\"stream_options\":{\"continuous_usage_stats\":true,\"include_usage\":true},"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void injectionCreatesStreamOptionsWhenAbsent() {
        String out =
                new String(
                        RequestBodies.withUsageRequested(
                                bytes("{\"stream\":true}"), inspect("{\"stream\":true}")),
                        StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void spliceKeepsEveryClientByteAndIsValidJson() throws Exception {
        String body = "{ \"model\" : \"m\",\n \"stream\": true, \"temperature\": 1.50 }\n";
        String out =
                new String(
                        RequestBodies.withUsageRequested(bytes(body), inspect(body)),
                        StandardCharsets.UTF_8);
        assertThat(out)
                .isEqualTo(
                        "{ \"model\" : \"m\",\n \"stream\": true, \"temperature\": 1.50"
                                + " ,\"stream_options\":{\"include_usage\":true}}\n");
        assertThat(
                        new ObjectMapper()
                                .readTree(out)
                                .path("stream_options")
                                .path("include_usage")
                                .asBoolean())
                .isTrue();
        assertThat(
                        new String(
                                RequestBodies.withUsageRequested(bytes("{}"), inspect("{}")),
                                StandardCharsets.UTF_8))
                .isEqualTo("{\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void bytesAfterTheObjectAreDroppedByTheRewriteAsBefore() {
        String body = "{\"stream\":true}} trailing";
        assertThat(inspect(body).object()).isTrue();
        assertThat(
                        new String(
                                RequestBodies.withUsageRequested(bytes(body), inspect(body)),
                                StandardCharsets.UTF_8))
                .isEqualTo("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void lastOfRepeatedKeysCountsAsInATree() {
        RequestBodies.Inspected in =
                inspect("{\"stream\":true,\"model\":\"a\",\"stream\":false,\"model\":\"b\"}");
        assertThat(in.stream()).isFalse();
        assertThat(in.model()).isEqualTo("b");
        assertThat(inspect("{\"stream\":true,\"stream\":{\"x\":[1]}}").stream()).isFalse();
    }

    @Test
    void truncatedJsonIsNotAnObject() {
        assertThat(inspect("{\"stream\":true,\"messages\":[").object()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RequestBodies.Inspected inspect(String s) {
        return RequestBodies.inspect(s.getBytes(StandardCharsets.UTF_8));
    }
}
