package io.inferscope.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankIsAlwaysOneOfTheValues() {
        long[] values = {50, 10, 40, 20, 30}; // unsorted on purpose

        assertThat(Percentiles.nearestRank(values, 50)).isEqualTo(30);
        assertThat(Percentiles.nearestRank(values, 20)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(values, 21)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(values, 100)).isEqualTo(50);
        assertThat(values).containsExactly(50, 10, 40, 20, 30); // input left as it was
    }

    @Test
    void p99OfFewSamplesIsTheMaximum() {
        long[] values = new long[20];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_000 + i;
        }

        assertThat(Percentiles.nearestRank(values, 99)).isEqualTo(1_019);
        assertThat(Percentiles.nearestRank(values, 95)).isEqualTo(1_018);
    }

    @Test
    void p99OfAHundredSamplesIsTheNinetyNinthSmallest() {
        long[] values = new long[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }

        assertThat(Percentiles.nearestRank(values, 99)).isEqualTo(99);
        assertThat(Percentiles.nearestRank(values, 50)).isEqualTo(50);
    }

    @Test
    void refusesNoValuesAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 100.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
