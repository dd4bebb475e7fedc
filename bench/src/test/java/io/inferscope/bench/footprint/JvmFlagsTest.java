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
    void shippedSetRunsTheScriptDefaultUnlessFlagsAreAdded() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        JvmFlags collector = JvmFlags.of("collector", "1m", root);
        assertThat(collector.javaOpts(root, List.of())).isNull();
        assertThat(collector.javaOpts(root, List.of("-XX:NativeMemoryTracking=summary")))
                .isEqualTo(
                        "@"
                                + root.resolve(JvmFlags.OPTIONS_FILE)
                                + " -XX:NativeMemoryTracking=summary");
        assertThat(JvmFlags.of("default", "1m", root).javaOpts(root, List.of()))
                .isEqualTo("-Dinferscope.flags=default");
        assertThat(JvmFlags.of("sidecar", "32m", root).javaOpts(root, List.of()))
                .startsWith("-Xmx32m ");
    }
}
