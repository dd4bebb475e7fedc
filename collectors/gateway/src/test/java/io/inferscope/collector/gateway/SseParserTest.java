package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private static final String STREAM =
            ": comment line\n"
                    + "data: {\"a\":1}\n\n"
                    + "event: message\r\n"
                    + "data:{\"b\":2}\r\n\r\n"
                    + "data: first\rdata: second\r\r"
                    + "id: 7\n"
                    + "data\n\n"
                    + ": ping\n\n"
                    + "data: [DONE]\n\n";

    private static final List<String> EXPECTED =
            List.of("{\"a\":1}", "{\"b\":2}", "first\nsecond", "", "<none>", "[DONE]");

    @Test
    void parsesEventsWithEveryLineEnding() {
        assertThat(parseWhole(bytes(STREAM))).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void eventsSplitAcrossBuffersAtEveryByteBoundaryParseTheSame() {
        byte[] all = bytes(STREAM);
        for (int cut = 0; cut <= all.length; cut++) {
            List<String> events = new ArrayList<>();
            SseParser parser = new SseParser(1024);
            parser.feed(all, 0, cut, collect(events));
            parser.feed(all, cut, all.length - cut, collect(events));
            assertThat(events).as("split at %d", cut).containsExactlyElementsOf(EXPECTED);
        }
    }

    @Test
    void eventsFedOneByteAtATimeParseTheSame() {
        byte[] all = bytes(STREAM);
        List<String> events = new ArrayList<>();
        SseParser parser = new SseParser(1024);
        for (int i = 0; i < all.length; i++) {
            parser.feed(all, i, 1, collect(events));
        }
        assertThat(events).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void endOffsetsPointJustAfterEachBlankLine() {
        byte[] all = bytes("data: x\n\ndata: y\r\n\r\n");
        List<Integer> ends = new ArrayList<>();
        new SseParser(1024).feed(all, 0, all.length, (data, length, end, cr) -> ends.add(end));
        // The second block ends at the CR of its blank line; the LF that follows is its partner.
        assertThat(ends).containsExactly(9, all.length - 1);
    }

    @Test
    void oversizedDataIsReportedWithoutPayloadAndTheNextEventStillParses() {
        String big = "x".repeat(100);
        List<String> events = parseWhole(bytes("data: " + big + "\n\ndata: ok\n\n"), 50);
        assertThat(events).containsExactly("<none>", "ok");
    }

    @Test
    void aLargeEventSplitAcrossManyBuffersParsesWhole() {
        String big = "{\"x\":\"" + "y".repeat(20_000) + "\"}";
        byte[] all = bytes(": c\r\ndata: " + big + "\r\ndata: tail\r\n\r\ndata: ok\n\n");
        for (int step : new int[] {1, 3, 7, 64, 1000, 4096}) {
            List<String> events = new ArrayList<>();
            SseParser parser = new SseParser(64 * 1024);
            for (int i = 0; i < all.length; i += step) {
                parser.feed(all, i, Math.min(step, all.length - i), collect(events));
            }
            assertThat(events).as("step %d", step).containsExactly(big + "\ntail", "ok");
        }
    }

    @Test
    void aLineSplitAcrossBuffersThatOutgrowsTheBoundIsDropped() {
        byte[] all = bytes("data: " + "z".repeat(300) + "\ndata: ok\n\n");
        List<String> events = new ArrayList<>();
        SseParser parser = new SseParser(100);
        for (int i = 0; i < all.length; i += 37) {
            parser.feed(all, i, Math.min(37, all.length - i), collect(events));
        }
        assertThat(events).containsExactly("<none>");
    }

    @Test
    void dataExactlyAtTheBoundIsReported() {
        String max = "q".repeat(94); // "data: " + 94 bytes = a 100-byte line
        assertThat(parseWhole(bytes("data: " + max + "\n\n"), 100)).containsExactly(max);
        assertThat(parseWhole(bytes("data: " + max + "q\n\n"), 100)).containsExactly("<none>");
    }

    private static List<String> parseWhole(byte[] all) {
        return parseWhole(all, 1024);
    }

    private static List<String> parseWhole(byte[] all, int max) {
        List<String> events = new ArrayList<>();
        new SseParser(max).feed(all, 0, all.length, collect(events));
        return events;
    }

    private static SseParser.Listener collect(List<String> events) {
        return (data, length, end, cr) ->
                events.add(
                        data == null
                                ? "<none>"
                                : new String(data, 0, length, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
