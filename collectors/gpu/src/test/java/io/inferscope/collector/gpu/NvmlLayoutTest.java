package io.inferscope.collector.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The JNA structures have the sizes nvml.h gives on LP64 (checked by _Static_assert in C too). */
class NvmlLayoutTest {
    @Test
    void memoryV2CarriesTheVersionOfTheHeaderMacro() {
        NvmlLibrary.MemoryV2 m = new NvmlLibrary.MemoryV2();
        assertThat(m.size()).isEqualTo(40); // unsigned int + 4 padding + 4 x unsigned long long
        // NVML_STRUCT_VERSION(Memory, 2) = sizeof(nvmlMemory_v2_t) | 2 << 24
        assertThat(m.version).isEqualTo(0x0200_0028);
    }

    @Test
    void structuresMatchTheHeaderSizes() {
        assertThat(new NvmlLibrary.Utilization().size()).isEqualTo(8);
        assertThat(new NvmlLibrary.Memory().size()).isEqualTo(24);
        assertThat(new NvmlLibrary.EventData().size()).isEqualTo(32);
    }
}
