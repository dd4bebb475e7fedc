package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
    @Test
    void millicoresBecomeCores() {
        assertThat(Quantities.parse("500m")).isEqualTo(0.5);
        assertThat(Quantities.parse("250m")).isEqualTo(0.25);
        assertThat(Quantities.parse("1")).isEqualTo(1.0);
        assertThat(Quantities.parse("2.5")).isEqualTo(2.5);
        assertThat(Quantities.parse("100n")).isEqualTo(1e-7);
    }

    @Test
    void binaryAndDecimalSuffixesBecomeBytes() {
        assertThat(Quantities.parse("2Gi")).isEqualTo(2_147_483_648.0);
        assertThat(Quantities.parse("512Mi")).isEqualTo(536_870_912.0);
        assertThat(Quantities.parse("1Ki")).isEqualTo(1024.0);
        assertThat(Quantities.parse("1G")).isEqualTo(1e9);
        assertThat(Quantities.parse("1k")).isEqualTo(1000.0);
        assertThat(Quantities.parse("1e3")).isEqualTo(1000.0);
    }

    @Test
    void absentNegativeOrGarbageAmountsAreNull() {
        assertThat(Quantities.parse(null)).isNull();
        assertThat(Quantities.parse(" ")).isNull();
        assertThat(Quantities.parse("lots")).isNull();
        assertThat(Quantities.parse("-1")).isNull();
        assertThat(Quantities.toDouble(null)).isNull();
    }

    @Test
    void selectKeepsTheNamedResourcesSortedByName() {
        Map<String, Quantity> in =
                Map.of(
                        "nvidia.com/gpu", new Quantity("1"),
                        "memory", new Quantity("2Gi"),
                        "ephemeral-storage", new Quantity("10Gi"),
                        "cpu", new Quantity("500m"));
        assertThat(Quantities.select(in, Quantities.CONTAINER_RESOURCES))
                .containsExactly(
                        Map.entry("cpu", 0.5),
                        Map.entry("memory", 2_147_483_648.0),
                        Map.entry("nvidia.com/gpu", 1.0));
        assertThat(Quantities.select(null, List.of("cpu"))).isEmpty();
    }

    @Test
    void allDropsUnparseableEntries() {
        Map<String, Quantity> in = Map.of("pods", new Quantity("10"), "broken", new Quantity("x"));
        assertThat(Quantities.all(in)).containsExactly(Map.entry("pods", 10.0));
    }
}
