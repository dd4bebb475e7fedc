package io.inferscope.logsearch;

import static io.inferscope.logsearch.Lines.HOUR;
import static io.inferscope.logsearch.Lines.MIN;
import static io.inferscope.logsearch.Lines.NOW;
import static io.inferscope.logsearch.Lines.at;
import static io.inferscope.logsearch.Lines.info;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogIndexRetentionTest {
    private static final long AT_10_30 = NOW - 2 * HOUR;
    private static final long AT_11_30 = NOW - HOUR;
    private static final long AT_12_20 = NOW - 10 * MIN;

    @TempDir Path dir;
    private final Lines.MutableClock clock = new Lines.MutableClock(NOW);

    private LogIndex open(Duration retention, long maxBytes) throws Exception {
        return LogIndex.open(Lines.config(dir, clock).withRetention(retention, maxBytes));
    }

    private static void indexThreeHours(LogIndex index) throws Exception {
        index.index(
                List.of(
                        at(0, 0, info(AT_10_30, "ten thirty")),
                        at(0, 1, info(AT_11_30, "eleven thirty")),
                        at(0, 2, info(AT_12_20, "twelve twenty"))));
        index.commit();
        index.refresh();
    }

    private List<String> periodDirs() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private static List<String> all(LogIndex index) {
        return new LogSearch(index)
                .search(LogQuery.builder().build()).hits().stream().map(LogHit::message).toList();
    }

    @Test
    void retentionDeletesWholePeriodsThatEndedBeforeTheCutoff() throws Exception {
        try (LogIndex index = open(Duration.ofHours(2), 0)) {
            indexThreeHours(index);
            assertThat(periodDirs())
                    .containsExactly(
                            "20261129T100000Z_3600s",
                            "20261129T110000Z_3600s",
                            "20261129T120000Z_3600s");
            assertThat(index.applyRetention()).isZero(); // 10:00-11:00 ended 1.5 h ago

            clock.advance(31 * MIN); // 13:01: the 10:00 period ended 2 h 1 min ago
            assertThat(index.applyRetention()).isEqualTo(1);
            assertThat(periodDirs())
                    .containsExactly("20261129T110000Z_3600s", "20261129T120000Z_3600s");
            assertThat(all(index)).containsExactly("twelve twenty", "eleven thirty");
        }
    }

    @Test
    void linesOlderThanRetentionOrFarAheadAreCountedNotIndexed() throws Exception {
        try (LogIndex index = open(Duration.ofHours(2), 0)) {
            LogIndex.IndexResult r =
                    index.index(
                            List.of(
                                    at(0, 0, info(NOW - 4 * HOUR, "too old")),
                                    at(0, 1, info(NOW + 2 * HOUR, "from the future")),
                                    at(0, 2, info(NOW - MIN, "just now"))));
            assertThat(r).isEqualTo(new LogIndex.IndexResult(1, 1, 1));
            index.refresh();
            assertThat(all(index)).containsExactly("just now");
            assertThat(periodDirs()).containsExactly("20261129T120000Z_3600s");
            assertThat(index.stats().expired()).isEqualTo(1);
            assertThat(index.stats().future()).isEqualTo(1);
        }
    }

    @Test
    void sizeBoundDropsOldestPeriodsButNeverTheNewest() throws Exception {
        try (LogIndex index = open(Duration.ofHours(24), 1)) {
            indexThreeHours(index);
            assertThat(index.applyRetention()).isEqualTo(2);
            assertThat(periodDirs()).containsExactly("20261129T120000Z_3600s");
            assertThat(all(index)).containsExactly("twelve twenty");
            // a late line for an evicted period must not bring the period back
            LogIndex.IndexResult late = index.index(List.of(at(0, 3, info(AT_11_30 + 1, "late"))));
            assertThat(late.expired()).isEqualTo(1);
            assertThat(periodDirs()).containsExactly("20261129T120000Z_3600s");
        }
    }

    @Test
    void searchInProgressKeepsReadingAPeriodThatRetentionDrops() throws Exception {
        try (LogIndex index = open(Duration.ofHours(2), 0)) {
            indexThreeHours(index);
            try (Snapshot held = index.snapshot(Long.MIN_VALUE, Long.MAX_VALUE)) {
                clock.advance(31 * MIN);
                assertThat(index.applyRetention()).isEqualTo(1);
                assertThat(held.searcher().count(new org.apache.lucene.search.MatchAllDocsQuery()))
                        .isEqualTo(3);
            }
            assertThat(all(index)).hasSize(2);
        }
    }

    @Test
    void reopeningFindsThePeriodsAndAppliesRetentionAtOnce() throws Exception {
        try (LogIndex index = open(Duration.ofHours(2), 0)) {
            indexThreeHours(index);
        }
        Files.createDirectories(dir.resolve("not-a-period"));
        clock.advance(31 * MIN);
        try (LogIndex index = open(Duration.ofHours(2), 0)) {
            assertThat(index.periods()).hasSize(2);
            assertThat(all(index)).containsExactly("twelve twenty", "eleven thirty");
        }
        assertThat(periodDirs()).contains("not-a-period").doesNotContain("20261129T100000Z_3600s");
    }

    @Test
    void periodDirectoryNamesRoundTrip() {
        Periods.Span span = Periods.of(AT_12_20, HOUR);
        assertThat(span.startMs()).isEqualTo(NOW - 30 * MIN);
        assertThat(Periods.parse(span.dirName())).contains(span);
        assertThat(Periods.parse("20261129T120000Z")).isEmpty();
        assertThat(Periods.parse("20261399T120000Z_3600s")).isEmpty();
    }
}
