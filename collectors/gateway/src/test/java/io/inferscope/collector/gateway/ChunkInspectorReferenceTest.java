package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.collector.gateway.ChunkInspector.ChunkInfo;
import io.inferscope.schemas.Codecs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming inspector must report exactly what the tree-based reference reports. */
class ChunkInspectorReferenceTest {

    private static final String CHAT =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"m\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}]}";

    private static final List<String> SHAPES =
            List.of(
                    CHAT,
                    SseRelayTest.ROLE,
                    SseRelayTest.HELLO,
                    SseRelayTest.WORLD,
                    SseRelayTest.USAGE,
                    "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\" the\","
                            + "\"index\":0,\"logprobs\":{\"tokens\":[\"a\"],\"top_logprobs\":[{\"a\":-1.5}]},"
                            + "\"finish_reason\":null}]}",
                    "{\"choices\":[{\"text\":\"\",\"finish_reason\":\"length\"}]}",
                    "{\"choices\":[{\"delta\":{\"content\":\"\"}}]}",
                    "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}",
                    "{\"choices\":[{\"delta\":{\"content\":null},\"finish_reason\":\"stop\"}]}",
                    "{\"choices\":[{\"delta\":{\"content\":\"\\\"q\\\" \\\\ \\n \\u00e9 \\ud83d\\ude00\"}}]}",
                    "{\"choices\":[{\"delta\":{\"content\":\"héllo 世界 😀\"}}]}",
                    "{\"choices\":[{\"delta\":{\"content\":\"\\u0000\"}}]}",
                    "{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}",
                    "{\"choices\":[{\"delta\":{\"reasoning\":\"\"}}]}",
                    "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}]}",
                    "{\"choices\":[{\"delta\":{\"tool_calls\":[]}}]}",
                    "{\"choices\":[{\"delta\":{\"tool_calls\":{}}}]}",
                    "{\"choices\":[{\"delta\":null,\"message\":{\"content\":\"x\"}}]}",
                    "{\"choices\":[{\"delta\":{\"role\":\"assistant\"},\"message\":{\"content\":\"x\"}}]}",
                    "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}],"
                            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7}}",
                    "{\"choices\":[1,[2],null,{\"delta\":{\"content\":\"late\"}}]}",
                    "{\"choices\":{\"delta\":{\"content\":\"x\"}},\"usage\":{\"prompt_tokens\":1}}",
                    "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":0}}",
                    "{\"choices\":[],\"usage\":[]}",
                    "{\"choices\":[]}",
                    "{\"usage\":{\"prompt_tokens\":2147483648,\"completion_tokens\":2147483647}}",
                    "{\"usage\":{\"prompt_tokens\":-1,\"completion_tokens\":1.0}}",
                    "{\"usage\":{\"prompt_tokens\":\"4\",\"completion_tokens\":{\"n\":1}}}",
                    "{\"usage\":{\"prompt_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":0}}}",
                    "{\"error\":{\"message\":\"boom\",\"code\":500}}",
                    "{\"error\":null,\"choices\":[]}",
                    "{\"error\":\"x\"}",
                    "{\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"choices\":[]}",
                    "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]} trailing",
                    "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]} {}",
                    "  {\"choices\":[]}  \n",
                    "{not json",
                    "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]",
                    "{\"choices\":[{\"delta\":{\"content\":\"unterminated}}]}",
                    "{\"choices\":[{\"delta\":{\"content\":\"a\"},}]}",
                    "{\"x\":NaN}",
                    "{\"x\":1" + "0".repeat(80) + "}",
                    "[" + "[".repeat(70) + "]".repeat(70) + "]",
                    "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}",
                    "[1,2]",
                    "\"text\"",
                    "42",
                    "null",
                    "",
                    "   ");

    @Test
    void streamingInspectorAgreesWithTheTreeReaderOnRealChunkShapes() {
        for (ObjectMapper mapper : List.of(Codecs.mapper(), new ObjectMapper())) {
            ChunkInspector inspector = new ChunkInspector(mapper);
            for (String shape : SHAPES) {
                byte[] payload = shape.getBytes(StandardCharsets.UTF_8);
                assertThat(inspector.inspect(payload))
                        .as("%s", shape)
                        .isEqualTo(TreeChunkReader.read(inspector.mapper(), payload));
            }
        }
    }

    @Test
    void malformedJsonIsNotInspectable() {
        ChunkInspector inspector = new ChunkInspector(Codecs.mapper());
        for (String bad : List.of("{not json", "{\"choices\":[", "{\"a\":1} x", "\"s\"", "")) {
            assertThat(inspector.inspect(bad.getBytes(StandardCharsets.UTF_8)))
                    .as("%s", bad)
                    .isEqualTo(ChunkInfo.UNREADABLE);
        }
    }

    @Test
    void invalidUtf8InASkippedStringIsNotInspectable() {
        byte[] payload = "{\"model\":\"a?b\",\"choices\":[]}".getBytes(StandardCharsets.US_ASCII);
        payload[11] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        ChunkInspector inspector = new ChunkInspector(Codecs.mapper());
        assertThat(inspector.inspect(payload))
                .isEqualTo(TreeChunkReader.read(Codecs.mapper(), payload))
                .isEqualTo(ChunkInfo.UNREADABLE);
    }

    @Test
    void aStringBeyondTheMappersLimitMakesTheBodyUnreadableAsBefore() {
        String body =
                "{\"model\":\""
                        + "m".repeat((1 << 20) + 10)
                        + "\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}";
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        ChunkInspector inspector = new ChunkInspector(Codecs.mapper());
        assertThat(inspector.inspect(payload)).isEqualTo(ChunkInfo.UNREADABLE);
    }
}
