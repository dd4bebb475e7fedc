package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.collector.gateway.ChunkInspector.ChunkInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseRelayTest {
    private static final ChunkInspector INSPECTOR = new ChunkInspector(new ObjectMapper());

    static final String ROLE =
            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";
    static final String HELLO = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}";
    static final String WORLD =
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"},\"finish_reason\":\"stop\"}]}";
    static final String USAGE =
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";

    @Test
    void withoutInjectionEveryBufferIsForwardedAsIs() {
        byte[] all = stream("\n", true);
        List<ChunkInfo> seen = new ArrayList<>();
        SseRelay relay = new SseRelay(INSPECTOR, false, 1024, 1 << 20, (i, t) -> seen.add(i));
        byte[] out = relay.feed(all, 1L);
        assertThat(out).isSameAs(all);
        assertThat(seen)
                .extracting(ChunkInfo::contentBearing)
                .containsExactly(false, true, true, false, false);
        assertThat(seen.get(3).usageOnly()).isTrue();
        assertThat(seen.get(4).done()).isTrue();
    }

    @Test
    void injectedUsageChunkIsDroppedAtEverySplitPointAndOtherBytesAreUnchanged() {
        for (String eol : List.of("\n", "\r\n", "\r")) {
            byte[] all = stream(eol, true);
            byte[] expected = stream(eol, false);
            for (int cut = 0; cut <= all.length; cut++) {
                SseRelay relay = new SseRelay(INSPECTOR, true, 1024, 1 << 20, (i, t) -> {});
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(relay.feed(slice(all, 0, cut), 1L));
                out.writeBytes(relay.feed(slice(all, cut, all.length), 2L));
                out.writeBytes(relay.finish());
                assertThat(out.toByteArray())
                        .as("eol %s split at %d", eol.replace("\r", "CR").replace("\n", "LF"), cut)
                        .isEqualTo(expected);
                assertThat(relay.droppedBlocks()).isEqualTo(1);
            }
        }
    }

    @Test
    void injectedUsageChunkIsDroppedWhenFedByteByByte() {
        byte[] all = stream("\r\n", true);
        SseRelay relay = new SseRelay(INSPECTOR, true, 1024, 1 << 20, (i, t) -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < all.length; i++) {
            out.writeBytes(relay.feed(slice(all, i, i + 1), i));
        }
        out.writeBytes(relay.finish());
        assertThat(out.toByteArray()).isEqualTo(stream("\r\n", false));
    }

    @Test
    void completeEventsAreForwardedAsSoonAsTheirBlankLineArrives() {
        SseRelay relay = new SseRelay(INSPECTOR, true, 1024, 1 << 20, (i, t) -> {});
        byte[] first = bytes("data: " + HELLO + "\n\ndata: " + WORLD.substring(0, 10));
        assertThat(new String(relay.feed(first, 1L), StandardCharsets.UTF_8))
                .isEqualTo("data: " + HELLO + "\n\n");
    }

    @Test
    void aBufferOfWholeEventsIsForwardedAsItCameWhenNothingIsDropped() {
        SseRelay relay = new SseRelay(INSPECTOR, true, 1024, 1 << 20, (i, t) -> {});
        byte[] whole = bytes("data: " + HELLO + "\n\ndata: " + WORLD + "\r\n\r\n");
        assertThat(relay.feed(whole, 1L)).isSameAs(whole);
        // The next buffer starts with a held event's tail: bytes are joined, not passed as-is.
        byte[] head = bytes("data: " + HELLO.substring(0, 7));
        assertThat(relay.feed(head, 2L)).isEmpty();
        byte[] tail = bytes(HELLO.substring(7) + "\n\ndata: " + USAGE + "\n\n");
        assertThat(new String(relay.feed(tail, 3L), StandardCharsets.UTF_8))
                .isEqualTo("data: " + HELLO + "\n\n");
        assertThat(relay.droppedBlocks()).isEqualTo(1);
    }

    @Test
    void heldBytesAreBoundedAndAHugeEventStillReachesTheClient() {
        String huge = "{\"choices\":[{\"delta\":{\"content\":\"" + "z".repeat(5000) + "\"}}]}";
        byte[] all = bytes("data: " + huge + "\n\ndata: " + USAGE + "\n\n");
        SseRelay relay = new SseRelay(INSPECTOR, true, 100, 1 << 20, (i, t) -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < all.length; i += 64) {
            byte[] part = slice(all, i, Math.min(all.length, i + 64));
            out.writeBytes(relay.feed(part, i));
        }
        out.writeBytes(relay.finish());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("data: " + huge + "\n\n");
    }

    @Test
    void chunksCarryTheArrivalTimeOfTheBufferThatCompletedThem() {
        List<Long> times = new ArrayList<>();
        SseRelay relay = new SseRelay(INSPECTOR, false, 1024, 1 << 20, (i, t) -> times.add(t));
        byte[] all = bytes("data: " + HELLO + "\n\ndata: " + WORLD + "\n\n");
        relay.feed(slice(all, 0, 20), 100L);
        relay.feed(slice(all, 20, all.length), 200L);
        assertThat(times).containsExactly(200L, 200L);
    }

    /** A chat stream; with or without the usage-only chunk. */
    static byte[] stream(String eol, boolean withUsage) {
        StringBuilder sb = new StringBuilder();
        for (String data : List.of(ROLE, HELLO, WORLD)) {
            sb.append("data: ").append(data).append(eol).append(eol);
        }
        if (withUsage) {
            sb.append("data: ").append(USAGE).append(eol).append(eol);
        }
        sb.append("data: [DONE]").append(eol).append(eol);
        return bytes(sb.toString());
    }

    private static byte[] slice(byte[] all, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(all, from, out, 0, out.length);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
