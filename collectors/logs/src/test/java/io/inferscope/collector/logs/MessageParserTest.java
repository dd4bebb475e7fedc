package io.inferscope.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.LogLine.Level;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageParserTest {
    private final MessageParser parser = new MessageParser(4);

    @Test
    void jsonLinesGiveLevelMessageRequestIdAndScalarAttributes() {
        ParsedMessage p =
                parser.parse(
                        "{\"ts\":1732875342.1,\"level\":\"WARNING\",\"msg\":\"slow upstream\","
                                + "\"requestId\":\"chatcmpl-42\",\"upstream\":\"vllm-0\","
                                + "\"http\":{\"status\":503,\"retry\":true},\"tags\":[\"a\"],\"x\":null}");

        assertThat(p.level()).isEqualTo(Level.WARN);
        assertThat(p.message()).isEqualTo("slow upstream");
        assertThat(p.requestId()).isEqualTo("chatcmpl-42");
        assertThat(p.attributes())
                .containsExactly(
                        entry("ts", "1732875342.1"),
                        entry("upstream", "vllm-0"),
                        entry("http.status", "503"),
                        entry("http.retry", "true"));
    }

    @Test
    void attributesAreBoundedInCount() {
        ParsedMessage p = parser.parse("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}");
        assertThat(p.attributes()).hasSize(4).containsKeys("a", "b", "c", "d");
        assertThat(p.message()).isEqualTo("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}");
    }

    @Test
    void jsonWithoutALevelFieldFallsBackToItsMessageText() {
        ParsedMessage p = parser.parse("{\"message\":\"ERROR: worker died\",\"req_id\":\"r-9\"}");
        assertThat(p.level()).isEqualTo(Level.ERROR);
        assertThat(p.requestId()).isEqualTo("r-9");
        assertThat(p.attributes()).isNull();
    }

    @Test
    void pinoNumericLevelsAreRead() {
        assertThat(parser.parse("{\"level\":50,\"msg\":\"x\"}").level()).isEqualTo(Level.ERROR);
        assertThat(parser.parse("{\"level\":30,\"msg\":\"x\"}").level()).isEqualTo(Level.INFO);
    }

    @Test
    void brokenJsonIsReadAsText() {
        ParsedMessage p = parser.parse("{\"level\":\"error\",\"msg\":\"cut at the ca}");
        assertThat(p.message()).isEqualTo("{\"level\":\"error\",\"msg\":\"cut at the ca}");
        assertThat(p.level()).isEqualTo(Level.ERROR); // level= in text form still matches
        assertThat(p.attributes()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "E1129 10:15:42.123456       1 reflector.go:42] watch failed | ERROR",
                "W1129 10:15:42.123456       1 lease.go:9] slow | WARN",
                "I1129 10:15:42.123456       1 main.go:1] ok | INFO",
                "F1129 10:15:42.123456       1 main.go:1] dead | FATAL",
                "time=2025-11-29T10:15:42Z level=error msg=\"upstream reset\" | ERROR",
                "ts=1 lvl=warn msg=x | WARN",
                "2025/11/29 10:15:42 [error] 7#7: *1 connect() failed | ERROR",
                "[WARN] disk almost full | WARN",
                "INFO 11-29 10:15:42 [engine.py:267] Added request chatcmpl-1 | INFO",
                "2025-11-29 10:15:42,123 - vllm.worker - ERROR - CUDA out of memory | ERROR",
                "INFO:     127.0.0.1:51234 - \"POST /v1/chat/completions HTTP/1.1\" 200 OK | INFO",
                "Traceback (most recent call last): | ERROR",
                "panic: runtime error: index out of range | FATAL",
                "DEBUG fetching model config | DEBUG",
                "request finished with no error | UNKNOWN",
                "Loading safetensors checkpoint shards: 100% | UNKNOWN",
            })
    void textLevelsAreReadFromCommonLayouts(String line, Level expected) {
        assertThat(parser.parse(line).level()).isEqualTo(expected);
    }

    @Test
    void requestIdsAreReadFromTextLines() {
        assertThat(parser.parse("level=info request_id=abc-123 msg=done").requestId())
                .isEqualTo("abc-123");
        assertThat(parser.parse("finished requestId: \"r.7\"").requestId()).isEqualTo("r.7");
        assertThat(parser.parse("no id here").requestId()).isNull();
    }

    private static Map.Entry<String, String> entry(String k, String v) {
        return Map.entry(k, v);
    }
}
