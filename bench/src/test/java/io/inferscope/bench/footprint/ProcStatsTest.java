package io.inferscope.bench.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatsTest {
    /** An excerpt of /proc/<pid>/status of a Java process (Linux 6.x). */
    private static final String STATUS =
            """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Pid:\t4242
            VmPeak:\t 3612340 kB
            VmSize:\t 3547816 kB
            VmHWM:\t   97644 kB
            VmRSS:\t   81920 kB
            RssAnon:\t   60012 kB
            Threads:\t21
            """;

    /** A /proc/<pid>/stat line whose command name holds a space and a parenthesis. */
    private static final String STAT =
            "4242 (my (java) app) S 1 4242 4242 0 -1 4194304 19137 0 12 0 1234 567 0 0 20 0 21 0"
                    + " 893531 3632984064 20480 18446744073709551615 1 1 0 0 0 0 0 4096 16796879"
                    + " 0 0 0 17 1 0 0 0 0 0\n";

    @Test
    void readsResidentAndPeakResidentMemoryInKiB() {
        assertThat(ProcStats.statusKiB(STATUS, "VmRSS")).isEqualTo(81920);
        assertThat(ProcStats.statusKiB(STATUS, "VmHWM")).isEqualTo(97644);
    }

    @Test
    void missingStatusFieldIsAnError() {
        assertThatThrownBy(() -> ProcStats.statusKiB(STATUS, "VmSwap"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VmSwap");
    }

    @Test
    void cpuTicksAreUserPlusSystemTimeCountedAfterTheCommandName() {
        // utime 1234 + stime 567; a naive split on spaces would be shifted by the name's space
        assertThat(ProcStats.cpuTicks(STAT)).isEqualTo(1234 + 567);
    }

    @Test
    void cpuPercentIsTicksOverWallTimeOfOneCore() {
        ProcStats from = new ProcStats(80_000, 90_000, 1_000, 0);
        ProcStats to = new ProcStats(81_000, 90_000, 1_150, 60_000_000_000L); // 1.5 s CPU in 60 s
        assertThat(ProcStats.cpuPercentOfCore(from, to)).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void footprintSummarisesAWindowInMiB() {
        Footprint f =
                Footprint.of(
                        List.of(
                                new ProcStats(102_400, 150_000, 0, 0),
                                new ProcStats(51_200, 150_000, 50, 5_000_000_000L),
                                new ProcStats(0, 153_600, 100, 10_000_000_000L)));
        assertThat(f.meanRssMiB()).isCloseTo(50.0, within(1e-9));
        assertThat(f.maxRssMiB()).isCloseTo(100.0, within(1e-9));
        assertThat(f.hwmMiB()).isCloseTo(150.0, within(1e-9));
        assertThat(f.cpuPct()).isCloseTo(10.0, within(1e-9));
        assertThat(f.seconds()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void readsThisProcess() {
        ProcStats self = ProcStats.read(ProcessHandle.current().pid());
        assertThat(self.rssKiB()).isPositive();
        assertThat(self.hwmKiB()).isGreaterThanOrEqualTo(self.rssKiB());
        assertThat(self.cpuTicks()).isPositive();
    }

    @Test
    void metricValueIsFoundWhateverItsLabels() {
        String page =
                """
                # TYPE inferscope_collector_records_sent_total counter
                inferscope_collector_records_sent_total{collector="gpu"} 4312
                inferscope_collector_records_sent_total_other 7
                plain 3.5
                """;
        assertThat(PrometheusText.value(page, "inferscope_collector_records_sent_total", -1))
                .isEqualTo(4312);
        assertThat(PrometheusText.value(page, "plain", -1)).isEqualTo(3.5);
        assertThat(PrometheusText.value(page, "absent", -1)).isEqualTo(-1);
    }
}
