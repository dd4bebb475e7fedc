package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.TokenProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBookTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000 * MS;
    private static final long WALL0 = 1_700_000_000_000L;
    private static final long SECOND = 1_000 * MS;

    @Test
    void progressIsEmittedAtMostOncePerIntervalAndSumsToTheExactUsage() {
        TokenBook book = new TokenBook("r1", Labels.EMPTY, T0, WALL0, SECOND, 0);
        List<TokenProgress> records = new ArrayList<>();
        // 30 content chunks, 100 ms apart, starting 200 ms after arrival: 3 s of generation.
        for (int i = 0; i < 30; i++) {
            add(records, book.onContentChunk(T0 + 200 * MS + i * 100 * MS));
        }
        book.onUsage(12, 41); // the final usage: more tokens than chunks
        add(records, book.finish(41, true, T0 + 3_500 * MS));

        assertThat(records).hasSizeGreaterThanOrEqualTo(3).hasSizeLessThanOrEqualTo(5);
        assertThat(records.stream().mapToInt(TokenProgress::completionTokens).sum()).isEqualTo(41);
        assertThat(records).extracting(TokenProgress::seq).containsExactly(seqs(records.size()));
        assertThat(records.stream().filter(r -> r.promptTokens() != null))
                .singleElement()
                .satisfies(r -> assertThat(r.promptTokens()).isEqualTo(12));
        assertThat(records.get(records.size() - 1).promptTokens()).isEqualTo(12);
        assertThat(records.stream().mapToInt(r -> r.itlMs().size()).sum()).isEqualTo(29);
        assertThat(records.stream().flatMap(r -> r.itlMs().stream())).allMatch(g -> g == 100.0);
        assertThat(records.get(records.size() - 1).estimated()).isFalse();
        for (int i = 1; i < records.size() - 1; i++) {
            assertThat(records.get(i).tsMs() - records.get(i - 1).tsMs())
                    .isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void withoutUsageTheChunkCountIsTheTotalAndMarkedEstimated() {
        TokenBook book = new TokenBook("r2", Labels.EMPTY, T0, WALL0, SECOND, 0);
        List<TokenProgress> records = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            add(records, book.onContentChunk(T0 + i * 300 * MS));
        }
        add(records, book.finish(book.cumulative(), false, T0 + 2_200 * MS));
        assertThat(records.stream().mapToInt(TokenProgress::completionTokens).sum()).isEqualTo(7);
        assertThat(records).allMatch(r -> Boolean.TRUE.equals(r.estimated()));
        assertThat(records).allMatch(r -> r.promptTokens() == null);
    }

    @Test
    void continuousUsageStatsWinOverTheChunkCount() {
        TokenBook book = new TokenBook("r3", Labels.EMPTY, T0, WALL0, SECOND, 2);
        book.onUsage(4, 3); // three tokens arrived in the first chunk
        TokenProgress first = book.onContentChunk(T0 + 10 * MS);
        TokenProgress second = book.onContentChunk(T0 + 20 * MS);
        assertThat(first).isNull();
        assertThat(second).isNotNull();
        assertThat(second.completionTokens()).isEqualTo(3);
        assertThat(second.promptTokens()).isEqualTo(4);
        TokenProgress last = book.finish(3, true, T0 + 30 * MS);
        assertThat(last).isNull(); // nothing left to book
    }

    @Test
    void everyNChunksEmitsEvenWithinTheInterval() {
        TokenBook book = new TokenBook("r4", Labels.EMPTY, T0, WALL0, SECOND, 3);
        List<TokenProgress> records = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            add(records, book.onContentChunk(T0 + i * MS));
        }
        assertThat(records).extracting(TokenProgress::completionTokens).containsExactly(3, 3, 3);
    }

    @Test
    void nonStreamingRequestsBookEverythingOnOneRecordAtTheEnd() {
        TokenBook book = new TokenBook("r5", Labels.EMPTY, T0, WALL0, SECOND, 0);
        book.onUsage(20, 64);
        TokenProgress only = book.finish(64, true, T0 + 900 * MS);
        assertThat(only.seq()).isZero();
        assertThat(only.completionTokens()).isEqualTo(64);
        assertThat(only.promptTokens()).isEqualTo(20);
        assertThat(only.tsMs()).isEqualTo(WALL0 + 900);
        assertThat(only.itlMs()).isEmpty();
    }

    private static Integer[] seqs(int n) {
        Integer[] s = new Integer[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }

    private static void add(List<TokenProgress> records, TokenProgress p) {
        if (p != null) {
            records.add(p);
        }
    }
}
