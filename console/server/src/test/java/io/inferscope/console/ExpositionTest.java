package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpositionTest {
    @Test
    void labelValuesAreEscapedAndEmptyFamiliesLeftOut() {
        Exposition e = new Exposition();
        e.declare("x_ratio", "gauge", "A ratio.")
                .declare("unused_bytes", "gauge", "Never sampled.");
        e.sample("x_ratio", 0.5, "model", "a\"b\\c\nd", "replica", null);
        assertThat(e.render())
                .isEqualTo(
                        "# HELP x_ratio A ratio.\n# TYPE x_ratio gauge\nx_ratio{model=\"a\\\"b\\\\c\\nd\"} 0.5\n");
    }

    @Test
    void integralValuesPrintWithoutExponent() {
        assertThat(Exposition.format(42949672960.0)).isEqualTo("42949672960");
        assertThat(Exposition.format(Double.NaN)).isEqualTo("NaN");
    }
}
