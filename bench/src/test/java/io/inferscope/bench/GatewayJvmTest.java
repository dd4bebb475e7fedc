package io.inferscope.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GatewayJvmTest {

    @Test
    void cpuListsParseSinglesRangesAndCommas() {
        assertThat(GatewayJvm.parse("1").stream().toArray()).containsExactly(1);
        assertThat(GatewayJvm.parse("0-2, 5").stream().toArray()).containsExactly(0, 1, 2, 5);
    }

    @Test
    void theOtherProcessesGetEveryCpuTheGatewayWasNotGiven() {
        int n = Runtime.getRuntime().availableProcessors();
        if (n >= 2) {
            assertThat(GatewayJvm.complement("0")).startsWith("1");
            assertThat(GatewayJvm.complement("0")).doesNotContain("0");
        }
        assertThatThrownBy(() -> GatewayJvm.complement("0-" + (n - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaves no CPU");
    }

    @Test
    void pinningIsATasksetPrefixOnlyWhenCpusAreGiven() {
        assertThat(GatewayJvm.pinned("")).isEmpty();
        assertThat(GatewayJvm.pinned("1")).containsExactly("taskset", "-c", "1");
    }

    @Test
    void theGatewaysOptionsFileIsFoundAndNamesAGarbageCollector() throws Exception {
        Path file = Path.of(GatewayJvm.optionsFile());
        assertThat(file).endsWith(Path.of(GatewayJvm.OPTIONS));
        assertThat(Files.readAllLines(file)).anyMatch(l -> l.matches("-XX:\\+Use\\w+GC"));
    }
}
