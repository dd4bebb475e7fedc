package io.inferscope.bench.footprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM flag sets a collector is measured with: part of the result, since a JVM's footprint is
 * mostly what it is allowed to take.
 *
 * <ul>
 *   <li>{@code collector}: the flags the collectors ship with, read from {@value #OPTIONS_FILE} (a
 *       Java argument file, the one place they are defined), plus {@code MALLOC_ARENA_MAX=2} in the
 *       environment, as that file asks.
 *   <li>{@code sidecar}: the earlier hand-picked set: a bounded heap ({@code -Xmx}, per collector),
 *       the serial collector, C1 only, a small code cache, metaspace and direct memory cap, 512 KiB
 *       thread stacks, no perf-data file.
 *   <li>{@code sidecar-c2}: the same with the full tiered compiler, to show what C2 costs.
 *   <li>{@code default}: no flags, the JVM's ergonomics on this machine (G1 on two or more cores, a
 *       maximum heap of a quarter of the RAM): what a collector gets when nobody sets anything.
 * </ul>
 */
record JvmFlags(String name, List<String> flags, Map<String, String> env) {
    static final List<String> NAMES = List.of("collector", "sidecar", "sidecar-c2", "default");

    /** Relative to the repository root. */
    static final String OPTIONS_FILE = "collectors/collector.jvm.options";

    static JvmFlags of(String name, String heap, Path repoRoot) {
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
            case "collector" ->
                    new JvmFlags(
                            name,
                            argFile(repoRoot.resolve(OPTIONS_FILE)),
                            Map.of("MALLOC_ARENA_MAX", "2"));
            case "sidecar" -> {
                List<String> f = new ArrayList<>(lean);
                f.add("-XX:TieredStopAtLevel=1");
                yield new JvmFlags(name, List.copyOf(f), Map.of());
            }
            case "sidecar-c2" -> new JvmFlags(name, lean, Map.of());
            case "default" -> new JvmFlags(name, List.of(), Map.of());
            default -> throw new IllegalArgumentException("unknown flag set " + name);
        };
    }

    /** The options of a Java argument file: one or more a line, {@code #} starts a comment. */
    static List<String> argFile(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                String l = (hash < 0 ? line : line.substring(0, hash)).trim();
                if (!l.isEmpty()) {
                    out.addAll(List.of(l.split("\\s+")));
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the collectors' JVM options " + file, e);
        }
    }

    /**
     * {@code INFERSCOPE_JAVA_OPTS} for {@code ./inferscope collect}: null for the shipped set
     * without extras (the script's own default, exactly what a user gets), else the flags.
     */
    String javaOpts(Path repoRoot, List<String> extra) {
        if (name.equals("collector")) {
            if (extra.isEmpty()) {
                return null;
            }
            return "@" + repoRoot.resolve(OPTIONS_FILE) + " " + String.join(" ", extra);
        }
        List<String> all = new ArrayList<>(flags);
        all.addAll(extra);
        // an empty INFERSCOPE_JAVA_OPTS would mean the script's default: name the set instead
        return all.isEmpty() ? "-Dinferscope.flags=" + name : String.join(" ", all);
    }

    String describe() {
        StringBuilder out = new StringBuilder();
        env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue() + " ")
                .sorted()
                .forEach(out::append);
        out.append(flags.isEmpty() ? "(none)" : String.join(" ", flags));
        return out.toString();
    }
}
