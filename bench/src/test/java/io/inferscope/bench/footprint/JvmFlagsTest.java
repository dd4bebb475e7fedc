package io.inferscope.bench.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmFlagsTest {

    @Test
    void argFileCommentsAndBlankLinesAreSkipped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.options");
        Files.writeString(f, "# heading\n\n-Xmx8m   # trailing\n  -XX:+UseSerialGC -Xss256k\n");
        assertThat(JvmFlags.argFile(f)).containsExactly("-Xmx8m", "-XX:+UseSerialGC", "-Xss256k");
    }

    @Test
    void collectorSetIsTheShippedOptionsFileWithSmallMallocArenas() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        JvmFlags flags = JvmFlags.of("collector", "1m", root);
        assertThat(flags.flags()).contains("-XX:+UseSerialGC").noneMatch(f -> f.startsWith("#"));
        assertThat(flags.env()).containsEntry("MALLOC_ARENA_MAX", "2");
        assertThat(flags.describe()).startsWith("MALLOC_ARENA_MAX=2 -X");
    }

    @Test
    void collectorClassPathKeepsOnlyTheCollectorLoggingAndItsDependencies() {
        List<String> harness =
                List.of(
                        "/m2/inferscope-collector-gpu-0.1.0-SNAPSHOT.jar",
                        "/m2/inferscope-collector-gateway-0.1.0-SNAPSHOT.jar",
                        "/m2/flink-runtime-2.2.1.jar",
                        "/m2/log4j-core-2.26.1.jar",
                        "/m2/log4j-api-2.26.1.jar");
        String cp =
                CollectorClassPath.compose(
                        "gpu",
                        List.of("/m2/kafka-clients-4.2.2.jar", "/m2/jna-5.19.1.jar"),
                        harness);
        assertThat(cp.split(java.io.File.pathSeparator))
                .startsWith(
                        "/m2/inferscope-collector-gpu-0.1.0-SNAPSHOT.jar",
                        "/m2/kafka-clients-4.2.2.jar",
                        "/m2/jna-5.19.1.jar",
                        "/m2/log4j-core-2.26.1.jar",
                        "/m2/log4j-api-2.26.1.jar")
                .hasSize(6)
                .noneMatch(e -> e.contains("flink") || e.contains("gateway"));
    }
}
