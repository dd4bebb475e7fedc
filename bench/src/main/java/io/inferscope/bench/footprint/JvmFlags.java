package io.inferscope.bench.footprint;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flag sets a collector is measured with: part of the result, since a JVM's footprint is
 * mostly what it is allowed to take.
 *
 * <ul>
 *   <li>{@code sidecar}: a bounded heap ({@code -Xmx}, per collector), the serial collector (no GC
 *       threads, no remembered sets; pauses of a few ms on a small heap do not matter to a
 *       collector), C1 only ({@code TieredStopAtLevel=1}: no C2 compiler threads or C2 code; the
 *       hot paths are small), a small code cache, metaspace and direct memory cap, 512 KiB thread
 *       stacks, no perf-data file.
 *   <li>{@code sidecar-c2}: the same with the full tiered compiler, to show what C2 costs.
 *   <li>{@code default}: no flags, the JVM's ergonomics on this machine (G1 on two or more cores, a
 *       maximum heap of a quarter of the RAM): what a collector gets when nobody sets anything.
 * </ul>
 */
record JvmFlags(String name, List<String> flags) {
    static final List<String> NAMES = List.of("sidecar", "sidecar-c2", "default");

    static JvmFlags of(String name, String heap) {
        List<String> lean =
                List.of(
                        "-Xmx" + heap,
                        "-Xss512k",
                        "-XX:+UseSerialGC",
                        "-XX:MaxMetaspaceSize=96m",
                        "-XX:ReservedCodeCacheSize=32m",
                        "-XX:MaxDirectMemorySize=32m",
                        "-XX:-UsePerfData");
        return switch (name) {
            case "sidecar" -> {
                List<String> f = new ArrayList<>(lean);
                f.add("-XX:TieredStopAtLevel=1");
                yield new JvmFlags(name, List.copyOf(f));
            }
            case "sidecar-c2" -> new JvmFlags(name, lean);
            case "default" -> new JvmFlags(name, List.of());
            default -> throw new IllegalArgumentException("unknown flag set " + name);
        };
    }

    String describe() {
        return flags.isEmpty() ? "(none)" : String.join(" ", flags);
    }
}
