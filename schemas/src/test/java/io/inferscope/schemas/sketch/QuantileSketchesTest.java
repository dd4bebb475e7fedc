package io.inferscope.schemas.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.inferscope.schemas.Quantiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileSketchesTest {
    private static final double[] QS = {0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1};

    @Test
    void serializedSketchReadsBackWithTheSameQuantiles() {
        DDSketch sketch = QuantileSketches.newSketch();
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            sketch.accept(Math.exp(random.nextGaussian() * 2 + 5));
        }
        sketch.accept(0.0);
        sketch.accept(0.0);

        DDSketch back = QuantileSketches.decode(QuantileSketches.encode(sketch));

        assertThat(back.getCount()).isEqualTo(sketch.getCount());
        for (double q : QS) {
            assertThat(back.getValueAtQuantile(q)).isEqualTo(sketch.getValueAtQuantile(q));
        }
    }

    @Test
    void summaryWrittenByTheBuilderDecodesToTheSameQuantiles() {
        QuantilesBuilder builder = new QuantilesBuilder();
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            builder.add(1 + random.nextDouble() * 900);
        }
        Quantiles written = builder.build();

        DDSketch read = QuantileSketches.decode(written.sketch());

        assertThat(read.getCount()).isEqualTo(written.count());
        for (double q : QS) {
            assertThat(read.getValueAtQuantile(q))
                    .isEqualTo(builder.sketch().getValueAtQuantile(q));
        }
        assertThat(read.getValueAtQuantile(0.5)).isEqualTo(written.p50());
        assertThat(read.getValueAtQuantile(0.99)).isEqualTo(written.p99());
        assertThat(QuantileSketches.encode(read)).isEqualTo(written.sketch());
    }

    @Test
    void sketchWrittenByTheJobBeforeTheMoveStillDecodes() throws IOException {
        Properties golden = new Properties();
        try (InputStream in =
                getClass().getResourceAsStream("/sketch/job-sketch-v0.1.0.properties")) {
            golden.load(in);
        }
        String written = golden.getProperty("sketch");

        DDSketch read = QuantileSketches.decode(written);

        assertThat(read.getCount()).isEqualTo(Double.parseDouble(golden.getProperty("count")));
        for (double q : new double[] {0, 0.25, 0.5, 0.9, 0.95, 0.99, 1}) {
            assertThat(read.getValueAtQuantile(q))
                    .as("q%s", q)
                    .isEqualTo(Double.parseDouble(golden.getProperty("q" + q)));
        }
        // Byte compatibility: re-encoding gives back exactly what the job wrote.
        assertThat(QuantileSketches.encode(read)).isEqualTo(written);
    }

    @Test
    void sketchesWithAnotherMappingOrBrokenBytesAreRefused() {
        DDSketch other = DDSketches.logarithmicUnboundedDense(0.05);
        other.accept(3.0);
        assertThatThrownBy(() -> QuantileSketches.fromBytes(QuantileSketches.toBytes(other)))
                .isInstanceOf(SketchFormatException.class)
                .hasMessageContaining("mapping");
        byte[] good = QuantileSketches.toBytes(QuantileSketches.newSketch());
        assertThatThrownBy(() -> QuantileSketches.fromBytes(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(SketchFormatException.class);
        assertThatThrownBy(() -> QuantileSketches.fromBytes(new byte[] {(byte) 0xff}))
                .isInstanceOf(SketchFormatException.class);
        assertThatThrownBy(() -> QuantileSketches.decode("not base64!"))
                .isInstanceOf(SketchFormatException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> QuantileSketches.decode(""))
                .isInstanceOf(SketchFormatException.class)
                .hasMessageContaining("mapping");
    }

    @Test
    void randomBytesAreEitherReadOrRefusedWithSketchFormatException() {
        Random random = new Random(5);
        byte[] good = QuantileSketches.toBytes(sampleSketch());
        for (int i = 0; i < 300; i++) {
            byte[] mutated = good.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            try {
                QuantileSketches.fromBytes(mutated);
            } catch (SketchFormatException expected) {
                assertThat(expected).hasMessageContaining("sketch");
            }
        }
    }

    @Test
    void sizeStaysBoundedWhateverTheSpread() {
        DDSketch sketch = QuantileSketches.newSketch();
        for (double v = 1e-6; v < 1e12; v *= 1.001) {
            sketch.accept(v);
        }
        assertThat(
                        sketch.getPositiveValueStore().getMaxIndex()
                                - sketch.getPositiveValueStore().getMinIndex())
                .isLessThan(QuantileSketches.MAX_BINS);
        assertThat(QuantileSketches.toBytes(sketch).length)
                .isLessThan(QuantileSketches.MAX_BINS * 12);
    }

    private static DDSketch sampleSketch() {
        DDSketch s = QuantileSketches.newSketch();
        for (int i = 1; i <= 50; i++) {
            s.accept(i * 3.5);
        }
        s.accept(0.0);
        return s;
    }
}
