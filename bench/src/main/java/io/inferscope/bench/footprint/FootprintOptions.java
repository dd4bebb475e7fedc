package io.inferscope.bench.footprint;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's options, {@code --name value} pairs (all optional; defaults in brackets): {@code
 * --flags} [collector,sidecar,default; also sidecar-c2], {@code --only} [both: gpu, kubernetes],
 * {@code --gpus} [8], {@code --warmup-s} [30], {@code --measure-s} [60], {@code --settle-s} [10],
 * {@code --deployments} [250], {@code --pods-per-deployment} [20], {@code --event-every} [16: one
 * event per 16 pods], {@code --trickle} [5 pod updates/s], {@code --gpu-heap} [32m], {@code
 * --k8s-heap} [128m], {@code --extra-flags} [none: JVM flags added to every set, space-separated,
 * e.g. {@code -XX:NativeMemoryTracking=summary} to look inside with {@code jcmd PID
 * VM.native_memory}]. Each collector runs as {@code ./inferscope collect NAME}: its own class path,
 * the flag set's options in {@code INFERSCOPE_JAVA_OPTS}.
 */
record FootprintOptions(
        List<String> flags,
        String only,
        int gpus,
        int warmupS,
        int measureS,
        int settleS,
        int deployments,
        int podsPerDeployment,
        int eventEvery,
        int trickle,
        String gpuHeap,
        String k8sHeap,
        List<String> extraFlags) {

    static FootprintOptions parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs: " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        FootprintOptions o =
                new FootprintOptions(
                        Arrays.asList(
                                m.getOrDefault("flags", "collector,sidecar,default").split(",")),
                        m.getOrDefault("only", "both"),
                        Integer.parseInt(m.getOrDefault("gpus", "8")),
                        Integer.parseInt(m.getOrDefault("warmup-s", "30")),
                        Integer.parseInt(m.getOrDefault("measure-s", "60")),
                        Integer.parseInt(m.getOrDefault("settle-s", "10")),
                        Integer.parseInt(m.getOrDefault("deployments", "250")),
                        Integer.parseInt(m.getOrDefault("pods-per-deployment", "20")),
                        Integer.parseInt(m.getOrDefault("event-every", "16")),
                        Integer.parseInt(m.getOrDefault("trickle", "5")),
                        m.getOrDefault("gpu-heap", "32m"),
                        m.getOrDefault("k8s-heap", "128m"),
                        m.containsKey("extra-flags")
                                ? List.of(m.get("extra-flags").trim().split("\\s+"))
                                : List.of());
        for (String f : o.flags) {
            if (!JvmFlags.NAMES.contains(f)) {
                throw new IllegalArgumentException(
                        "unknown flag set " + f + "; known: " + JvmFlags.NAMES);
            }
        }
        return o;
    }

    boolean runs(String collector) {
        return only.equals("both") || only.equals(collector);
    }
}
