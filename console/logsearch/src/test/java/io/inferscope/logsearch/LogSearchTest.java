package io.inferscope.logsearch;

import static io.inferscope.logsearch.Lines.HOUR;
import static io.inferscope.logsearch.Lines.MIN;
import static io.inferscope.logsearch.Lines.NOW;
import static io.inferscope.logsearch.Lines.at;
import static io.inferscope.logsearch.Lines.info;
import static io.inferscope.logsearch.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferscope.schemas.LogLine.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSearchTest {
    private static final long T0 = NOW - 2 * HOUR - 10 * MIN; // 10:20, period 10:00
    private static final long T1 = NOW - HOUR; // 11:30, period 11:00
    private static final long T2 = NOW - 5 * MIN; // 12:25, period 12:00

    @TempDir Path dir;
    private LogIndex index;
    private LogSearch search;

    @BeforeEach
    void open() throws Exception {
        index = LogIndex.open(Lines.config(dir, new Lines.MutableClock(NOW)));
        search = new LogSearch(index);
        Lines.indexAll(
                index,
                List.of(
                        line(T0, "chat", "chat-0", "vllm", Level.INFO, "server started", null),
                        line(
                                T0 + 1,
                                "chat",
                                "chat-0",
                                "vllm",
                                Level.ERROR,
                                "upstream connection timeout after 30000 ms",
                                "req-1"),
                        line(
                                T1,
                                "chat",
                                "chat-1",
                                "vllm",
                                Level.WARN,
                                "connection reset by peer",
                                "req-1"),
                        line(
                                T1 + 1,
                                "embed",
                                "embed-0",
                                "tei",
                                Level.INFO,
                                "reset the connection pool",
                                "req-2"),
                        line(
                                T2,
                                "embed",
                                "embed-0",
                                "sidecar",
                                Level.FATAL,
                                "CUDA out of memory, timeout waiting for GPU",
                                null),
                        line(
                                T2 + 1,
                                "chat",
                                "chat-1",
                                "vllm",
                                Level.UNKNOWN,
                                "timeout budget set",
                                null)));
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private List<String> messages(LogQuery.Builder q) {
        return search.search(q.build()).hits().stream().map(LogHit::message).toList();
    }

    @Test
    void wordsMustAllMatchAndHitsComeNewestFirst() {
        assertThat(messages(LogQuery.builder().text("timeout")))
                .containsExactly(
                        "timeout budget set",
                        "CUDA out of memory, timeout waiting for GPU",
                        "upstream connection timeout after 30000 ms");
        assertThat(messages(LogQuery.builder().text("connection timeout")))
                .containsExactly("upstream connection timeout after 30000 ms");
        assertThat(messages(LogQuery.builder().text("Timeout OR peer"))).hasSize(4);
    }

    @Test
    void phraseMatchesWordsInThatOrderOnly() {
        assertThat(messages(LogQuery.builder().text("\"connection reset\"")))
                .containsExactly("connection reset by peer");
        assertThat(messages(LogQuery.builder().text("connection reset")))
                .containsExactly("reset the connection pool", "connection reset by peer");
    }

    @Test
    void filtersCombineAndValuesOfOneFilterAlternate() {
        assertThat(messages(LogQuery.builder().deployment("embed").container("tei")))
                .containsExactly("reset the connection pool");
        assertThat(messages(LogQuery.builder().pod("chat-0", "embed-0").text("timeout")))
                .containsExactly(
                        "CUDA out of memory, timeout waiting for GPU",
                        "upstream connection timeout after 30000 ms");
        assertThat(messages(LogQuery.builder().namespace("inference"))).hasSize(6);
        assertThat(messages(LogQuery.builder().namespace("other"))).isEmpty();
        assertThat(messages(LogQuery.builder().text("pod:chat-1 AND container:vllm")))
                .containsExactly("timeout budget set", "connection reset by peer");
    }

    @Test
    void levelFilterIsExactOrAtLeast() {
        assertThat(messages(LogQuery.builder().level(Level.ERROR, Level.WARN)))
                .containsExactly(
                        "connection reset by peer", "upstream connection timeout after 30000 ms");
        assertThat(messages(LogQuery.builder().minLevel(Level.WARN)))
                .containsExactly(
                        "CUDA out of memory, timeout waiting for GPU",
                        "connection reset by peer",
                        "upstream connection timeout after 30000 ms");
    }

    @Test
    void timeRangeIsSinceInclusiveUntilExclusiveAndOpensOnlyOverlappingPeriods() throws Exception {
        assertThat(messages(LogQuery.builder().since(T1).until(T2)))
                .containsExactly("reset the connection pool", "connection reset by peer");
        assertThat(messages(LogQuery.builder().since(T1 + 1).until(T2 + 1)))
                .containsExactly(
                        "CUDA out of memory, timeout waiting for GPU", "reset the connection pool");
        try (Snapshot s = index.snapshot(T1, T1 + 10 * MIN)) {
            assertThat(s.periods()).isEqualTo(1);
        }
        try (Snapshot s = index.snapshot(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(s.periods()).isEqualTo(3);
        }
    }

    @Test
    void requestIdFindsEveryLineOfThatRequest() {
        LogPage page = search.search(LogQuery.builder().requestId("req-1").build());
        assertThat(page.hits())
                .extracting(LogHit::message, h -> h.labels().replica())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("connection reset by peer", "chat-1"),
                        org.assertj.core.groups.Tuple.tuple(
                                "upstream connection timeout after 30000 ms", "chat-0"));
        assertThat(page.hits().get(1).level()).isEqualTo(Level.ERROR);
        assertThat(page.hits().get(1).container()).isEqualTo("vllm");
        assertThat(page.hits().get(1).tsMs()).isEqualTo(T0 + 1);
    }

    @Test
    void linesOfTheSameMillisecondComeNewestOffsetFirst() throws Exception {
        long ts = NOW - 1;
        index.index(
                List.of(
                        at(2, 7, info(ts, "same ms first")),
                        at(2, 8, info(ts, "same ms second")),
                        at(2, 9, info(ts, "same ms third"))));
        index.refresh();
        assertThat(messages(LogQuery.builder().text("same")))
                .containsExactly("same ms third", "same ms second", "same ms first");
    }

    @Test
    void pagingVisitsEveryLineOnceEvenWhenNewerLinesArriveBetweenPages() throws Exception {
        List<LogRecord> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // pairs of lines share a millisecond: the offset must break the tie across pages
            batch.add(at(1, i, info(T1 + 2 * MIN + i / 2, "paged line " + i)));
        }
        index.index(batch);
        index.refresh();
        LogQuery q = LogQuery.builder().text("paged").limit(10).build();
        List<String> seen = new ArrayList<>();
        LogPage page = search.search(q);
        assertThat(page.totalHits()).isEqualTo(25);
        int pages = 0;
        while (page != null) {
            pages++;
            page.hits().forEach(h -> seen.add(h.message()));
            // newer matching lines arrive between pages; they must not shift later pages
            index.index(List.of(at(3, pages, info(T2 + pages, "paged newcomer " + pages))));
            index.refresh();
            LogQuery next = q.next(page);
            page = next == null ? null : search.search(next);
            q = next;
        }
        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            expected.add("paged line " + i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void replayedRecordReplacesItsEarlierCopy() throws Exception {
        LogRecord r = at(0, 42, info(T2 + 5, "replayed once"));
        index.index(List.of(r));
        index.index(List.of(r));
        index.commit();
        index.index(List.of(r));
        index.refresh();
        assertThat(search.search(LogQuery.builder().text("replayed").build()).totalHits())
                .isEqualTo(1);
    }

    @Test
    void badQueryTextIsAOneLineIllegalArgument() {
        assertThatThrownBy(() -> search.search(LogQuery.builder().text("timeout AND").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad query 'timeout AND': ")
                .hasMessageContaining("syntax:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> search.search(LogQuery.builder().text("\"unclosed").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> search.search(LogQuery.builder().text("colour:red").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> search.search(LogQuery.builder().cursor("garbage!").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid cursor");
    }

    @Test
    void committedLinesAreFoundAfterReopening() throws Exception {
        index.commit();
        index.close();
        index = LogIndex.open(Lines.config(dir, new Lines.MutableClock(NOW)));
        search = new LogSearch(index);
        assertThat(search.search(LogQuery.builder().build()).totalHits()).isEqualTo(6);
        assertThat(messages(LogQuery.builder().text("*"))).hasSize(6);
    }
}
