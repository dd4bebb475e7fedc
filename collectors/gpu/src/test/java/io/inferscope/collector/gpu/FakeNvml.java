package io.inferscope.collector.gpu;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fake NVML of {@code src/test/c/fake_nvml.c}, compiled with gcc once per JVM, and the small
 * JNA interface through which a test scripts it. Both the collector and {@link Control} load the
 * same file, so they share one library instance and its state.
 */
final class FakeNvml {
    static final String UUID_0 = "GPU-00000000-0000-4000-8000-000000000000";
    static final String UUID_1 = "GPU-00000000-0000-4000-8000-000000000001";
    static final String NAME = "NVIDIA H100 80GB HBM3";

    private static final Path SOURCE = Path.of("src", "test", "c", "fake_nvml.c");
    private static Path dir;
    private static Path full;
    private static Path withoutMemoryV2;

    private FakeNvml() {}

    /** The functions {@code fake_nvml.c} exports besides NVML's. */
    interface Control extends Library {
        void fake_reset();

        void fake_set_device_count(int n);

        void fake_set_init_result(int rc);

        void fake_set_util(int i, int gpu, int mem);

        void fake_set_memory(int i, long total, long reserved, long used);

        void fake_set_temperature(int i, int celsius);

        void fake_set_power(int i, int milliwatts, int limitMilliwatts);

        void fake_set_sm_clock(int i, int mhz);

        void fake_set_lost(int i);

        int fake_set_not_supported(int i, String field);

        int fake_set_field_result(int i, String field, int rc);

        void fake_push_xid(int i, long xid);

        int fake_call_count(String function);

        int fake_is_initialized();
    }

    /** The fake with every symbol. */
    static synchronized Path library() {
        if (full == null) {
            full = compile("libfakenvml.so");
        }
        return full;
    }

    /** The fake without {@code nvmlDeviceGetMemoryInfo_v2}, like a driver before r510. */
    static synchronized Path libraryWithoutMemoryV2() {
        if (withoutMemoryV2 == null) {
            withoutMemoryV2 = compile("libfakenvml_nov2.so", "-DFAKE_NO_MEMORY_V2");
        }
        return withoutMemoryV2;
    }

    /** The controls of a fake library, reset to two default GPUs. */
    static Control control(Path library) {
        Control c = Native.load(library.toString(), Control.class);
        c.fake_reset();
        return c;
    }

    private static Path compile(String name, String... defines) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("fakenvml");
                dir.toFile().deleteOnExit();
            }
            Path out = dir.resolve(name);
            List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-pthread"));
            cmd.addAll(List.of(defines));
            cmd.addAll(List.of("-o", out.toString(), SOURCE.toAbsolutePath().toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("gcc failed: " + cmd + "\n" + output);
            }
            out.toFile().deleteOnExit();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the fake NVML (is gcc installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
