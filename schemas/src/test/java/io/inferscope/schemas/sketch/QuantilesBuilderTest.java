package io.inferscope.schemas.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferscope.schemas.Quantiles;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantilesBuilderTest {

    private static double exactQuantile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    @Test
    void quantilesStayWithinOnePercentOfTheExactValues() {
        Random random = new Random(11);
        double[] values = new double[10_000];
        QuantilesBuilder b = new QuantilesBuilder();
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + random.nextDouble() * 5_000;
            b.add(values[i]);
        }
        Arrays.sort(values);

        Quantiles q = b.build();

        assertThat(q.count()).isEqualTo(10_000);
        assertThat(q.min()).isEqualTo(values[0]);
        assertThat(q.max()).isEqualTo(values[values.length - 1]);
        assertThat(q.mean()).isCloseTo(Arrays.stream(values).average().orElseThrow(), within(1e-6));
        assertThat(q.p50())
                .isCloseTo(exactQuantile(values, 0.5), within(exactQuantile(values, 0.5) * 0.01));
        assertThat(q.p99())
                .isCloseTo(exactQuantile(values, 0.99), within(exactQuantile(values, 0.99) * 0.01));
    }

    @Test
    void mergingSummariesEqualsSummarizingAllValues() {
        QuantilesBuilder left = new QuantilesBuilder();
        QuantilesBuilder right = new QuantilesBuilder();
        QuantilesBuilder all = new QuantilesBuilder();
        for (int i = 1; i <= 1_000; i++) {
            (i % 3 == 0 ? left : right).add(i * 1.5);
            all.add(i * 1.5);
        }
        QuantilesBuilder merged = new QuantilesBuilder();
        merged.merge(left.build());
        merged.merge(right.build());

        Quantiles m = merged.build();
        Quantiles a = all.build();
        assertThat(m.count()).isEqualTo(a.count());
        assertThat(m.min()).isEqualTo(a.min());
        assertThat(m.max()).isEqualTo(a.max());
        assertThat(m.mean()).isCloseTo(a.mean(), within(1e-9));
        assertThat(m.p50()).isEqualTo(a.p50());
        assertThat(m.p95()).isEqualTo(a.p95());
        assertThat(m.sketch()).isEqualTo(a.sketch());
    }

    @Test
    void mergingBuildersEqualsMergingTheirSummaries() {
        QuantilesBuilder left = new QuantilesBuilder();
        QuantilesBuilder right = new QuantilesBuilder();
        for (int i = 1; i <= 300; i++) {
            (i % 2 == 0 ? left : right).add(i * 0.7);
        }
        QuantilesBuilder byBuilder = left.copy();
        byBuilder.merge(right);
        QuantilesBuilder bySummary = new QuantilesBuilder();
        bySummary.merge(left.build());
        bySummary.merge(right.build());

        assertThat(byBuilder.build().sketch()).isEqualTo(bySummary.build().sketch());
        assertThat(left.count()).isEqualTo(150);
    }

    @Test
    void anEmptyBuilderHasACountOfZeroAndNoValues() {
        Quantiles q = new QuantilesBuilder().build();
        assertThat(q.count()).isZero();
        assertThat(q.p50()).isNull();
        assertThat(q.sketch()).isNull();
    }

    @Test
    void anAbsurdSampleNeitherThrowsNorBlursTheOthers() {
        QuantilesBuilder b = new QuantilesBuilder();
        for (int i = 1; i <= 99; i++) {
            b.add(0.5 * i);
        }
        b.add(1e300);

        Quantiles q = b.build();
        assertThat(q.max()).isEqualTo(1e300);
        assertThat(q.p50()).isCloseTo(25.0, within(0.25));
        assertThat(q.p90()).isCloseTo(45.0, within(0.45));
    }
}
