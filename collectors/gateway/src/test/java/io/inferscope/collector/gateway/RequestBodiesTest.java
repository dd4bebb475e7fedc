package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(inspect("not json").tree()).isNull();
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
                        RequestBodies.withUsageRequested(inspect(body).tree()),
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
                        RequestBodies.withUsageRequested(inspect("{\"stream\":true}").tree()),
                        StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    private static RequestBodies.Inspected inspect(String s) {
        return RequestBodies.inspect(s.getBytes(StandardCharsets.UTF_8));
    }
}
