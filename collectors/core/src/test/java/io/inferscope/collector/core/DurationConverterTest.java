package io.inferscope.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {
    @Test
    void unitsAndBareSeconds() {
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse(" 3 ")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DurationConverter.parse("0")).isZero();
    }

    @Test
    void garbageAndZeroIntervalsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> DurationConverter.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> DurationConverter.parse("-1s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DurationConverter.Positive().convert("0ms"))
                .hasMessageContaining("at least 1ms");
        assertThat(new DurationConverter.Positive().convert("1s")).isEqualTo(Duration.ofSeconds(1));
    }
}
