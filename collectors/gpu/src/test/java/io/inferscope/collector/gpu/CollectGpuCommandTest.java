package io.inferscope.collector.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What an operator sees when {@code inferscope collect gpu} cannot run. */
class CollectGpuCommandTest {

    /** Exit code, the command's stderr, and anything else written to the JVM's stderr/stdout. */
    private record Run(int exit, String err, String stray) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
        try {
            int exit =
                    new CommandLine(new CollectGpuCommand())
                            .setErr(new PrintWriter(err, true))
                            .setOut(new PrintWriter(out, true))
                            .execute(args);
            return new Run(exit, err.toString(), stray.toString(StandardCharsets.UTF_8) + out);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void missingNvmlLibraryIsOneClearLineAndANonZeroExit() {
        String lib = "/nonexistent/libnvidia-ml.so.1";
        Run r = run("--nvml-lib", lib, "--metrics-port", "0");

        assertThat(r.exit()).isEqualTo(CollectGpuCommand.EXIT_NVML_UNAVAILABLE);
        assertThat(r.err())
                .isEqualTo(
                        "error: NVML not available: "
                                + lib
                                + " could not be loaded (no NVIDIA driver on this machine?)"
                                + System.lineSeparator());
        assertThat(r.stray()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void libraryNameTheLoaderCannotFindIsReportedTheSameWay() {
        Run r = run("--nvml-lib", "libnvidia-ml-absent.so.1");

        assertThat(r.exit()).isEqualTo(CollectGpuCommand.EXIT_NVML_UNAVAILABLE);
        assertThat(r.err().lines())
                .containsExactly(
                        "error: NVML not available: libnvidia-ml-absent.so.1 could not be loaded"
                                + " (no NVIDIA driver on this machine?)");
    }

    @Test
    void driverNotLoadedIsReportedAsNvmlUnavailable() {
        Path lib = FakeNvml.library();
        FakeNvml.Control fake = FakeNvml.control(lib);
        fake.fake_set_init_result(NvmlReturn.DRIVER_NOT_LOADED);

        Run r = run("--nvml-lib", lib.toString());

        assertThat(r.exit()).isEqualTo(CollectGpuCommand.EXIT_NVML_UNAVAILABLE);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err())
                .startsWith("error: NVML not available: nvmlInit_v2 failed with")
                .contains("NVML_ERROR_DRIVER_NOT_LOADED (9): Driver Not Loaded")
                .contains("(no NVIDIA driver on this machine?)");
        assertThat(r.stray()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void unusableAttributionFileIsAUsageErrorAndNvmlIsShutDown(@TempDir Path tmp) throws Exception {
        Path lib = FakeNvml.library();
        FakeNvml.Control fake = FakeNvml.control(lib);
        Path bad = Files.writeString(tmp.resolve("a.json"), "[not an object");

        Run r = run("--nvml-lib", lib.toString(), "--attribution", bad.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1).first().asString().contains(bad.toString());
        assertThat(fake.fake_is_initialized()).isZero();
    }

    @Test
    void zeroIntervalIsAUsageError() {
        Run r = run("--interval", "0s");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("at least 1ms");
    }
}
