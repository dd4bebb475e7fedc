package io.inferscope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseProbeTest {
    private static final String ROLE =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";
    private static final String TOKEN =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" the\"},\"finish_reason\":null}]}\n\n";
    private static final String FINISH =
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n";
    private static final String USAGE =
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":256,\"completion_tokens\":2}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roleOnlyChunkIsNotTheFirstTokenButTheNextContentChunkIs() {
        SseProbe p = new SseProbe();
        assertThat(p.feed(b(ROLE))).isFalse();
        assertThat(p.feed(b(TOKEN))).isTrue();
        assertThat(p.feed(b(TOKEN))).isFalse();
        assertThat(p.feed(b(FINISH + USAGE + DONE))).isFalse();
        assertThat(p.contentEvents()).isEqualTo(2);
        assertThat(p.done()).isTrue();
    }

    @Test
    void eventSplitAcrossBuffersCountsWhenItsBlankLineArrives() {
        SseProbe p = new SseProbe();
        String all = ROLE + TOKEN;
        int cut = ROLE.length() + 20;
        assertThat(p.feed(b(all.substring(0, cut)))).isFalse();
        assertThat(p.feed(b(all.substring(cut, all.length() - 1)))).isFalse();
        assertThat(p.feed(b("\n"))).isTrue();
        assertThat(p.done()).isFalse();
    }

    @Test
    void crlfLinesAndCompletionsTextAreUnderstood() {
        SseProbe p = new SseProbe();
        assertThat(p.feed(b("data: {\"choices\":[{\"text\": \"Hi\"}]}\r\n\r\n"))).isTrue();
        assertThat(p.feed(b("data: [DONE]\r\n\r\n"))).isFalse();
        assertThat(p.done()).isTrue();
    }

    @Test
    void emptyStringsAndOtherKeysAreNotContent() {
        assertThat(SseProbe.nonEmptyString("{\"content\":\"\"}", "\"content\"")).isFalse();
        assertThat(SseProbe.nonEmptyString("{\"content\":null}", "\"content\"")).isFalse();
        assertThat(SseProbe.nonEmptyString("{\"content_filter\":\"x\"}", "\"content\"")).isFalse();
        assertThat(SseProbe.nonEmptyString("{\"content\" : \"x\"}", "\"content\"")).isTrue();
    }
}
