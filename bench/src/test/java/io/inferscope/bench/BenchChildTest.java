package io.inferscope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchChildTest {

    @Test
    void histogramSurvivesTheLineProtocol() throws Exception {
        Histogram h = new Histogram(120_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 37L);
        }
        String line = BenchChild.encode(h);
        assertThat(line).doesNotContain(" ", "\n");
        Histogram back = BenchChild.decode(line);
        assertThat(back.getTotalCount()).isEqualTo(1000);
        assertThat(back.getValueAtPercentile(99)).isEqualTo(h.getValueAtPercentile(99));
    }

    @Test
    void partNamesWithSpacesAndCommasSurviveTheLineProtocol() {
        Map<String, Double> cores = new LinkedHashMap<>();
        cores.put("Kafka broker", 0.25);
        cores.put(CpuMeter.OTHER, 0.5);
        String line = BenchChild.encodeCores(cores);
        assertThat(line).doesNotContain(" ");
        assertThat(BenchChild.decodeCores(line)).isEqualTo(cores);
    }
}
