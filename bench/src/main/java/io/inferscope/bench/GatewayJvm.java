package io.inferscope.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.StringJoiner;

/**
 * How the harness starts the gateway's JVM as {@code inferscope gateway} does: with the gateway's
 * JVM options file, and optionally pinned to CPUs of its own ({@code taskset}).
 */
final class GatewayJvm {
    /** The options file, relative to the repository root. */
    static final String OPTIONS = "collectors/gateway/gateway.jvm.options";

    private GatewayJvm() {}

    /** The options file's path: from the working directory or one of its parents (bench/). */
    static String optionsFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve(OPTIONS);
            if (Files.isRegularFile(f)) {
                return f.toString();
            }
        }
        throw new IllegalStateException(
                OPTIONS + " not found from " + Path.of("").toAbsolutePath() + " or above");
    }

    /** The command prefix that pins a process to {@code cpus}; none for a blank list. */
    static List<String> pinned(String cpus) {
        return cpus == null || cpus.isBlank() ? List.of() : List.of("taskset", "-c", cpus);
    }

    /** Pins every thread of a running process (this JVM: the client) to {@code cpus}. */
    static void pin(long pid, String cpus) throws java.io.IOException, InterruptedException {
        if (cpus == null || cpus.isBlank()) {
            return;
        }
        Process p =
                new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed");
        }
    }

    /**
     * The CPUs of this machine not in {@code cpus} (a {@code taskset -c} list such as 1 or 2-3).
     */
    static String complement(String cpus) {
        int n = Runtime.getRuntime().availableProcessors();
        BitSet taken = parse(cpus);
        StringJoiner rest = new StringJoiner(",");
        for (int i = 0; i < n; i++) {
            if (!taken.get(i)) {
                rest.add(Integer.toString(i));
            }
        }
        if (rest.length() == 0) {
            throw new IllegalArgumentException(
                    "gateway-cpus " + cpus + " leaves no CPU for the other processes");
        }
        return rest.toString();
    }

    static BitSet parse(String cpus) {
        BitSet set = new BitSet();
        List<String> parts = new ArrayList<>(List.of(cpus.trim().split(",")));
        for (String part : parts) {
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            set.set(from, to + 1);
        }
        return set;
    }
}
