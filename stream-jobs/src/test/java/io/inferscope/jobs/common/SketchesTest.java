package io.inferscope.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.inferscope.schemas.Quantiles;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SketchesTest {

    private static double exactQuantile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    @Test
    void serializedSketchReadsBackWithTheSameQuantiles() {
        DDSketch sketch = Sketches.create();
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            sketch.accept(Math.exp(random.nextGaussian() * 2 + 5));
        }
        sketch.accept(0.0);
        sketch.accept(0.0);

        DDSketch back = Sketches.fromBase64(Sketches.toBase64(sketch));

        assertThat(back.getCount()).isEqualTo(sketch.getCount());
        for (double q : new double[] {0, 0.01, 0.5, 0.9, 0.99, 1}) {
            assertThat(back.getValueAtQuantile(q)).isEqualTo(sketch.getValueAtQuantile(q));
        }
    }

    @Test
    void quantilesStayWithinOnePercentOfTheExactValues() {
        Random random = new Random(11);
        double[] values = new double[10_000];
        Distribution d = new Distribution();
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + random.nextDouble() * 5_000;
            d.add(values[i]);
        }
        Arrays.sort(values);

        Quantiles q = d.toQuantiles();

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
        Distribution left = new Distribution();
        Distribution right = new Distribution();
        Distribution all = new Distribution();
        for (int i = 1; i <= 1_000; i++) {
            (i % 3 == 0 ? left : right).add(i * 1.5);
            all.add(i * 1.5);
        }
        Distribution merged = new Distribution();
        merged.merge(left.toQuantiles());
        merged.merge(right.toQuantiles());

        Quantiles m = merged.toQuantiles();
        Quantiles a = all.toQuantiles();
        assertThat(m.count()).isEqualTo(a.count());
        assertThat(m.min()).isEqualTo(a.min());
        assertThat(m.max()).isEqualTo(a.max());
        assertThat(m.mean()).isCloseTo(a.mean(), within(1e-9));
        assertThat(m.p50()).isEqualTo(a.p50());
        assertThat(m.p95()).isEqualTo(a.p95());
        assertThat(m.sketch()).isEqualTo(a.sketch());
    }

    @Test
    void anEmptyDistributionHasACountOfZeroAndNoValues() {
        Quantiles q = new Distribution().toQuantiles();
        assertThat(q.count()).isZero();
        assertThat(q.p50()).isNull();
        assertThat(q.sketch()).isNull();
    }

    @Test
    void sketchesWithAnotherMappingOrBrokenBytesAreRefused() {
        DDSketch other = DDSketches.logarithmicUnboundedDense(0.05);
        other.accept(3.0);
        assertThatThrownBy(() -> Sketches.fromBytes(Sketches.toBytes(other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mapping");
        byte[] good = Sketches.toBytes(Sketches.create());
        assertThatThrownBy(() -> Sketches.fromBytes(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sketches.fromBytes(new byte[] {(byte) 0xff}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAbsurdSampleNeitherThrowsNorBlursTheOthers() {
        Distribution d = new Distribution();
        for (int i = 1; i <= 99; i++) {
            d.add(0.5 * i);
        }
        d.add(1e300);

        Quantiles q = d.toQuantiles();
        assertThat(q.max()).isEqualTo(1e300);
        assertThat(q.p50()).isCloseTo(25.0, within(0.25));
        assertThat(q.p90()).isCloseTo(45.0, within(0.45));
    }

    @Test
    void sizeStaysBoundedWhateverTheSpread() {
        DDSketch sketch = Sketches.create();
        for (double v = 1e-6; v < 1e12; v *= 1.001) {
            sketch.accept(v);
        }
        assertThat(
                        sketch.getPositiveValueStore().getMaxIndex()
                                - sketch.getPositiveValueStore().getMinIndex())
                .isLessThan(Sketches.MAX_BINS);
        assertThat(Sketches.toBytes(sketch).length).isLessThan(Sketches.MAX_BINS * 12);
    }
}
