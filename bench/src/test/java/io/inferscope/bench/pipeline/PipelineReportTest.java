package io.inferscope.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineReportTest {

    /** A round where bare Kafka takes 1 s, the jobs and floors the given seconds, CPU 1 s each. */
    private static PipelineBench.Round round(
            double demoS, double clusterS, double floorS, double shuffledS) {
        long n = 1_000_000;
        return new PipelineBench.Round(
                new BaselineRun.Result(n, n * 400, 1.0, 0.9),
                1.0,
                throughput(n, demoS),
                1.0,
                throughput(n, clusterS),
                1.0,
                new FloorRun.Result(n, floorS, floorS, n),
                1.0,
                new FloorRun.Result(n, shuffledS, shuffledS, n),
                1.0);
    }

    private static ThroughputRun.Result throughput(long n, double seconds) {
        return new ThroughputRun.Result(
                n, seconds, seconds, 404, n / 2, n / 2, 0, 0, false, 0, Map.of());
    }

    private static PipelineReport report(List<PipelineBench.Round> rounds) {
        return new PipelineReport(
                Instant.parse("2026-11-29T19:00:00Z"),
                new Machine(2, "test", 23.5, "17"),
                "1 1 1",
                "1 1 1",
                "cmd",
                "setup",
                rounds.get(rounds.size() - 1),
                rounds,
                List.of());
    }

    @Test
    void roundsGetATableWithTheirMediansAndTheTargetJudgedOnTheMedian() {
        // Ratios demo 0.25 / 0.5 / 0.2, cluster 0.5 / 0.4 / 0.6: medians 0.25 and 0.5.
        String md =
                report(
                                List.of(
                                        round(4, 2, 1.25, 2),
                                        round(2, 2.5, 1.25, 2),
                                        round(5, 5.0 / 3, 1, 1)))
                        .markdown();
        assertThat(md).contains("## Rounds (3; the tables above and below are round 3's)");
        assertThat(md).contains("| 1 | 1,000,000 | 0.250 | 0.500 | 0.800 | 0.500 |");
        assertThat(md).contains("| median | 1,000,000 | 0.250 | 0.500 | 0.800 | 0.500 |");
        assertThat(md).contains("| target | | ≥ 0.5: **no** | ≥ 0.5: yes | | | |");
        // The summary shows and judges the medians too.
        assertThat(md)
                .contains(
                        "| ratio pipeline (demo settings) ÷ bare Kafka | 0.250 (median of 3 rounds;"
                                + " 0.200–0.500) | ≥ 0.5 | **no** |");
        assertThat(md).contains("0.500 (median of 3 rounds; 0.400–0.600) | ≥ 0.5 | yes |");
    }

    @Test
    void oneRoundHasNoRoundsTable() {
        String md = report(List.of(round(4, 2, 1.25, 2))).markdown();
        assertThat(md).doesNotContain("## Rounds");
        assertThat(md)
                .contains(
                        "| ratio pipeline (demo settings) ÷ bare Kafka | 0.250 | ≥ 0.5 | **no** |");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(PipelineReport.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(PipelineReport.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void deadLettersOfOneRunAreWhatItAddedToTheTopic() {
        Map<String, Long> before = Map.of("late", 3L, "duplicate", 1L);
        Map<String, Long> after = Map.of("late", 5L, "duplicate", 1L, "schema", 2L);
        assertThat(DeadLetterTally.since(before, after))
                .containsExactlyInAnyOrderEntriesOf(Map.of("late", 2L, "schema", 2L));
    }
}
