package io.inferscope.collector.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFileAttributionTest {
    @TempDir Path tmp;

    private Path write(String json, long mtimeMs) throws Exception {
        Path f = tmp.resolve("attribution.json");
        Files.writeString(f, json);
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtimeMs));
        return f;
    }

    @Test
    void reloadsWhenTheFileChangesAndKeepsTheLastGoodMappingOnBadJson() throws Exception {
        Path f = write("{\"GPU-a\": {\"namespace\": \"ns\", \"pod\": \"p\"}}", 1_000);
        StaticFileAttribution a = StaticFileAttribution.load(f);
        assertThat(a.holderOf("GPU-a")).contains(new GpuHolder("ns", "p", null, null));

        write("{\"GPU-b\": {\"container\": \"c\"}}", 2_000);
        assertThat(a.refresh()).isTrue();
        assertThat(a.holderOf("GPU-a")).isEmpty();
        assertThat(a.holderOf("GPU-b")).contains(new GpuHolder(null, null, "c", null));

        write("{broken", 3_000);
        assertThat(a.refresh()).isFalse();
        assertThat(a.holderOf("GPU-b")).isPresent();
    }

    @Test
    void missingFileIsRejectedNamingIt() {
        Path f = tmp.resolve("missing.json");
        assertThatThrownBy(() -> StaticFileAttribution.load(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString());
    }
}
