package io.inferscope.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.logs.CriParser.CriLine;
import io.inferscope.schemas.LogLine.Stream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CriParserTest {
    private static CriLine parse(String s) {
        return CriParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(String s) {
        CriLine c = parse(s);
        return s.substring(c.messageOffset());
    }

    @Test
    void fullAndPartialLinesAreRead() {
        CriLine f = parse("2016-10-06T00:17:09.669794202Z stdout F log content 1");
        assertThat(f.tsMs()).isEqualTo(Instant.parse("2016-10-06T00:17:09.669Z").toEpochMilli());
        assertThat(f.stream()).isEqualTo(Stream.STDOUT);
        assertThat(f.partial()).isFalse();
        assertThat(message("2016-10-06T00:17:09.669794202Z stdout F log content 1"))
                .isEqualTo("log content 1");

        CriLine p = parse("2016-10-06T00:17:10.113242941Z stderr P log content 2");
        assertThat(p.stream()).isEqualTo(Stream.STDERR);
        assertThat(p.partial()).isTrue();
    }

    @Test
    void offsetsTagsAndEmptyMessagesAreAccepted() {
        assertThat(parse("2025-11-29T11:15:42.5+01:00 stdout F x").tsMs())
                .isEqualTo(Instant.parse("2025-11-29T10:15:42.5Z").toEpochMilli());
        assertThat(parse("2025-11-29T10:15:42Z stdout F:extra x").partial()).isFalse();
        assertThat(message("2025-11-29T10:15:42Z stdout F ")).isEmpty();
        assertThat(message("2025-11-29T10:15:42Z stdout F")).isEmpty();
        assertThat(message("2025-11-29T10:15:42Z stdout F  two spaces")).isEqualTo(" two spaces");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain text line",
                "2025-11-29T10:15:42Z",
                "2025-11-29T10:15:42Z stdout",
                "2025-11-29T10:15:42Z stdin F x",
                "2025-11-29T10:15:42Z stdout Q x",
                "2025-11-29T10:15:42Z stdout FP x",
                "yesterday stdout F x",
                "1970-01-01T00:00:00Z stdout F x",
                " stdout F x",
            })
    void malformedLinesAreRecognised(String line) {
        assertThat(parse(line)).isNull();
    }
}
