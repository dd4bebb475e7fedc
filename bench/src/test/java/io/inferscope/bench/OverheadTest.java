package io.inferscope.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.bench.PhaseResult.Mode;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OverheadTest {

    /** 1..1000 ms, once each: p50 = 500 ms, p99 = 990 ms. */
    private static Histogram uniformMs(int shiftMs) {
        Histogram h = new Histogram(120_000_000L, 3);
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordValue((ms + shiftMs) * 1000L);
        }
        return h;
    }

    private static PhaseResult phase(Mode mode, int round, int shiftMs, long completed) {
        return new PhaseResult(
                mode,
                round,
                uniformMs(shiftMs),
                new Histogram(3),
                completed,
                completed * 64,
                0,
                10.0,
                Map.of());
    }

    @Test
    void percentilesAreReadInMillisecondsFromMicrosecondHistograms() {
        Histogram h = uniformMs(0);
        assertThat(Overhead.percentileMs(h, 50)).isCloseTo(500.0, within(0.5));
        assertThat(Overhead.percentileMs(h, 99)).isCloseTo(990.0, within(1.0));
        assertThat(Overhead.percentileMs(new Histogram(3), 99)).isNaN();
    }

    @Test
    void addedTtftIsTheDifferenceOfTheMedianPercentilesAndRatioIsGatewayOverDirect() {
        // Direct rounds shifted 0 and +2 ms, gateway rounds +1 and +5 ms: medians 1 ms and 3 ms.
        List<PhaseResult> phases =
                List.of(
                        phase(Mode.DIRECT, 1, 0, 1000),
                        phase(Mode.GATEWAY, 1, 1, 900),
                        phase(Mode.DIRECT, 2, 2, 1200),
                        phase(Mode.GATEWAY, 2, 5, 900));
        Overhead o = Overhead.of(phases);
        assertThat(o.addedP50Ms()).isCloseTo(2.0, within(0.6));
        assertThat(o.addedP99Ms()).isCloseTo(2.0, within(1.2));
        assertThat(o.directRps()).isCloseTo(110.0, within(1e-9));
        assertThat(o.gatewayRps()).isCloseTo(90.0, within(1e-9));
        assertThat(o.throughputRatio()).isCloseTo(90.0 / 110.0, within(1e-9));
        assertThat(o.meetsP99Target()).isFalse();
        assertThat(o.meetsThroughputTarget()).isTrue();
    }

    @Test
    void controlPhasesGiveTheAaDifferenceAndLeaveTheGatewayFiguresAlone() {
        // Round 1: direct +0, direct again +3 ms; round 2: direct +2, direct again +1 ms.
        List<PhaseResult> phases =
                List.of(
                        phase(Mode.DIRECT, 1, 0, 1000),
                        phase(Mode.CONTROL, 1, 3, 1000),
                        phase(Mode.GATEWAY, 1, 10, 1000),
                        phase(Mode.DIRECT, 2, 2, 1000),
                        phase(Mode.CONTROL, 2, 1, 1000),
                        phase(Mode.GATEWAY, 2, 12, 1000));
        List<Overhead.Difference> aa = Overhead.control(phases);
        assertThat(aa).extracting(Overhead.Difference::round).containsExactly(1, 2);
        assertThat(aa.get(0).p50Ms()).isCloseTo(3.0, within(0.6));
        assertThat(aa.get(0).p99Ms()).isCloseTo(3.0, within(1.2));
        assertThat(aa.get(1).p50Ms()).isCloseTo(-1.0, within(0.6));
        assertThat(aa.get(1).p99Ms()).isCloseTo(-1.0, within(1.2));
        // The control phases are direct phases run again: they do not enter the A/B figures.
        Overhead o = Overhead.of(phases);
        assertThat(o.addedP50Ms()).isCloseTo(10.0, within(0.6));
        assertThat(Overhead.control(List.of(phase(Mode.DIRECT, 1, 0, 1)))).isEmpty();
    }

    @Test
    void bareProxyPhasesSplitTheAddedTtftIntoTheHopAndTheGatewaysOwnWork() {
        // Round 1: direct +0, gateway +10, bare proxy +4 ms; round 2 ran no bare proxy phase.
        List<PhaseResult> phases =
                List.of(
                        phase(Mode.DIRECT, 1, 0, 1000),
                        phase(Mode.GATEWAY, 1, 10, 1000),
                        phase(Mode.BARE_PROXY, 1, 4, 1000),
                        phase(Mode.DIRECT, 2, 0, 1000),
                        phase(Mode.GATEWAY, 2, 12, 1000));
        List<Overhead.Difference> hop = Overhead.differences(phases, Mode.DIRECT, Mode.BARE_PROXY);
        List<Overhead.Difference> beyond =
                Overhead.differences(phases, Mode.BARE_PROXY, Mode.GATEWAY);
        assertThat(hop).extracting(Overhead.Difference::round).containsExactly(1);
        assertThat(hop.get(0).p50Ms()).isCloseTo(4.0, within(0.6));
        assertThat(beyond).extracting(Overhead.Difference::round).containsExactly(1);
        assertThat(beyond.get(0).p50Ms()).isCloseTo(6.0, within(0.6));
        assertThat(beyond.get(0).p99Ms()).isCloseTo(6.0, within(1.2));
        // The bare proxy's phases do not enter the direct-vs-gateway figures.
        assertThat(Overhead.of(phases).addedP50Ms()).isCloseTo(11.0, within(0.6));
    }

    @Test
    void oneRoundPairGivesThatRoundsFigures() {
        Overhead r = Overhead.of(phase(Mode.DIRECT, 1, 0, 1000), phase(Mode.GATEWAY, 1, 0, 700));
        assertThat(r.addedP99Ms()).isZero();
        assertThat(r.meetsP99Target()).isTrue();
        assertThat(r.throughputRatio()).isCloseTo(0.7, within(1e-9));
        assertThat(r.meetsThroughputTarget()).isFalse();
    }

    @Test
    void medianOfOddAndEvenCountsAndNoneIsNaN() {
        assertThat(Overhead.median(3, 1, 2)).isEqualTo(2.0);
        assertThat(Overhead.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Overhead.median()).isNaN();
        assertThat(Overhead.ratio(1, 0)).isNaN();
    }
}
