package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.collector.gateway.ChunkInspector.ChunkInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkInspectorTest {
    private final ChunkInspector inspector = new ChunkInspector(new ObjectMapper());

    @Test
    void roleOnlyFirstChunkIsNotContent() {
        assertThat(inspect(SseRelayTest.ROLE).contentBearing()).isFalse();
    }

    @Test
    void chatDeltaWithTextIsContent() {
        ChunkInfo info = inspect(SseRelayTest.HELLO);
        assertThat(info.contentBearing()).isTrue();
        assertThat(info.usageOnly()).isFalse();
        assertThat(info.hasUsage()).isFalse();
    }

    @Test
    void completionsTextReasoningAndToolCallsAreContent() {
        assertThat(inspect("{\"choices\":[{\"text\":\"Hi\"}]}").contentBearing()).isTrue();
        assertThat(inspect("{\"choices\":[{\"text\":\"\"}]}").contentBearing()).isFalse();
        assertThat(
                        inspect("{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}")
                                .contentBearing())
                .isTrue();
        assertThat(
                        inspect("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0}]}}]}")
                                .contentBearing())
                .isTrue();
        assertThat(
                        inspect(
                                        "{\"choices\":[{\"delta\":{\"content\":null},\"finish_reason\":\"stop\"}]}")
                                .contentBearing())
                .isFalse();
    }

    @Test
    void usageOnlyChunkIsRecognisedWithItsNumbers() {
        ChunkInfo info = inspect(SseRelayTest.USAGE);
        assertThat(info.usageOnly()).isTrue();
        assertThat(info.promptTokens()).isEqualTo(9);
        assertThat(info.completionTokens()).isEqualTo(2);
    }

    @Test
    void usageInsideAContentChunkIsReadButTheChunkIsNotUsageOnly() {
        ChunkInfo info =
                inspect(
                        "{\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}");
        assertThat(info.contentBearing()).isTrue();
        assertThat(info.usageOnly()).isFalse();
        assertThat(info.completionTokens()).isEqualTo(1);
    }

    @Test
    void nonStreamingBodyUsageAndMessageAreRead() {
        ChunkInfo info =
                inspect(
                        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7}}");
        assertThat(info.promptTokens()).isEqualTo(5);
        assertThat(info.completionTokens()).isEqualTo(7);
    }

    @Test
    void doneMarkerErrorEventAndGarbageAreTold() {
        assertThat(inspect("[DONE]").done()).isTrue();
        assertThat(inspect("{\"error\":{\"message\":\"boom\"}}").error()).isTrue();
        assertThat(inspect("{not json").parsed()).isFalse();
        assertThat(inspect("{\"usage\":{\"completion_tokens\":-4}}").completionTokens()).isNull();
    }

    @Test
    void aRepeatedKeyCountsByItsLastValueEvenWithTheStrictMapper() {
        ChunkInspector strict = new ChunkInspector(io.inferscope.schemas.Codecs.mapper());
        String contentThenEmpty = "{\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"choices\":[]}";
        String emptyThenContent = "{\"choices\":[],\"choices\":[{\"delta\":{\"content\":\"a\"}}]}";
        ChunkInfo first = strict.inspect(contentThenEmpty.getBytes(StandardCharsets.UTF_8));
        assertThat(first.parsed()).isTrue();
        assertThat(first.contentBearing()).isFalse();
        assertThat(
                        strict.inspect(emptyThenContent.getBytes(StandardCharsets.UTF_8))
                                .contentBearing())
                .isTrue();
    }

    @Test
    void onlyTheGivenLengthOfTheBufferIsRead() {
        byte[] buffer =
                (SseRelayTest.HELLO + "garbage after the payload").getBytes(StandardCharsets.UTF_8);
        ChunkInfo info = inspector.inspect(buffer, SseRelayTest.HELLO.length());
        assertThat(info.parsed()).isTrue();
        assertThat(info.contentBearing()).isTrue();
        assertThat(inspector.inspect("[DONE]xyz".getBytes(StandardCharsets.US_ASCII), 6).done())
                .isTrue();
    }

    private ChunkInfo inspect(String json) {
        return inspector.inspect(json.getBytes(StandardCharsets.UTF_8));
    }
}
