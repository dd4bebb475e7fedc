package io.inferscope.bench.footprint;

import io.inferscope.bench.footprint.FootprintReport.Row;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.EmbeddedKafka;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Measures the resident memory and CPU of {@code collect gpu} (8 fake GPUs, 1 Hz) and {@code
 * collect kubernetes} (5,000 pods in fabric8's mock API server), each in its own JVM, publishing to
 * a real broker held by this JVM, and writes {@code bench/results/collector-footprint.md}.
 *
 * <p>Options: see {@link FootprintOptions}. System properties: {@code bench.results} (the results
 * directory; the bench pom sets it to {@code bench/results}). The flag sets of one collector run
 * side by side, so the whole run stays under about five minutes on two cores.
 */
public final class CollectorFootprintBench {
    private static final String COMMAND =
            "./mvnw -q -pl bench exec:java"
                    + " -Dexec.mainClass=io.inferscope.bench.footprint.CollectorFootprintBench";

    private final FootprintOptions options;
    private final Path repoRoot;
    private final Path work;
    private final String classPath;
    private final java.util.Map<String, String> collectorClassPaths = new java.util.HashMap<>();
    private final FootprintReport report = new FootprintReport();

    private CollectorFootprintBench(FootprintOptions options, Path repoRoot) throws Exception {
        this.options = options;
        this.repoRoot = repoRoot;
        this.work = Files.createDirectories(repoRoot.resolve("bench/target/footprint"));
        this.classPath = classPath();
    }

    public static void main(String[] args) throws Exception {
        FootprintOptions options = FootprintOptions.parse(args);
        CollectorFootprintBench bench = new CollectorFootprintBench(options, findRepoRoot());
        bench.run();
        System.exit(0); // exec:java would otherwise wait for the broker's and mock's threads
    }

    private void run() throws Exception {
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().topics(List.of(Topics.RAW_GPU, Topics.RAW_K8S)).build()) {
            kafka.start();
            MockApiServer api = options.runs("kubernetes") ? new MockApiServer() : null;
            try {
                // Filling the mock API server takes about a minute on a busy two-core machine:
                // it runs while the GPU collectors are measured (their CPU is their own ticks).
                CompletableFuture<Double> filled =
                        api == null ? null : CompletableFuture.supplyAsync(() -> populate(api));
                if (options.runs("gpu")) {
                    new GpuScenario(this, kafka.bootstrapServers()).run();
                }
                if (api != null) {
                    new KubernetesScenario(this, kafka.bootstrapServers(), api, filled.get()).run();
                }
            } finally {
                if (api != null) {
                    api.close();
                }
            }
        }
        String args = options.toString();
        report.note("Options: " + args.substring(args.indexOf('[')));
        report.note(
                "Child JVMs log through log4j2 at WARN. Child logs: `bench/target/footprint/`.");
        String md = report.markdown(COMMAND);
        System.out.println(md);
        Path out = resultsDir().resolve("collector-footprint.md");
        report.write(out, COMMAND);
        System.out.println("written to " + out);
    }

    private double populate(MockApiServer api) {
        long t0 = System.nanoTime();
        try {
            api.populate(options.deployments(), options.podsPerDeployment(), options.eventEvery());
        } catch (Exception e) {
            throw new IllegalStateException("cannot fill the mock API server", e);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    FootprintOptions options() {
        return options;
    }

    FootprintReport report() {
        return report;
    }

    Path work() {
        return work;
    }

    Path repoRoot() {
        return repoRoot;
    }

    /** Starts the collector under every flag set of the options, side by side. */
    List<CollectorProcess> startAll(String collector, String heap, List<String> collectorOptions)
            throws Exception {
        List<CollectorProcess> started = new ArrayList<>();
        for (String name : options.flags()) {
            started.add(start(collector, heap, name, collectorOptions));
        }
        return started;
    }

    /** Starts the collector under one flag set, with its own spool directory and log. */
    CollectorProcess start(
            String collector, String heap, String flagSet, List<String> collectorOptions)
            throws Exception {
        JvmFlags flags = JvmFlags.of(flagSet, heap, repoRoot);
        report.flagSet(collector, flags);
        List<String> opts = new ArrayList<>(collectorOptions);
        opts.addAll(
                List.of(
                        "--spool-dir",
                        work.resolve("spool-" + collector + "-" + flagSet).toString()));
        List<String> jvm = new ArrayList<>(flags.flags());
        jvm.addAll(options.extraFlags());
        return CollectorProcess.start(
                flagSet,
                jvm,
                flags.env(),
                classPathOf(collector),
                collector,
                opts,
                work.resolve(collector + "-" + flagSet + ".log"));
    }

    /**
     * The collector's own class path ({@link CollectorClassPath}), or with {@code --class-path
     * harness} (or when Maven cannot tell) the harness's; asked once per collector.
     */
    private synchronized String classPathOf(String collector) throws InterruptedException {
        String cp = collectorClassPaths.get(collector);
        if (cp == null) {
            cp =
                    options.ownClassPath()
                            ? CollectorClassPath.of(collector, repoRoot, work, classPath)
                            : null;
            String how = "its own module's runtime class path (as deployed)";
            if (cp == null) {
                how =
                        options.ownClassPath()
                                ? "the harness's class path (Maven could not list the module's)"
                                : "the harness's class path (`--class-path harness`)";
                cp = classPath;
            }
            report.note(
                    collector
                            + ": the child JVM runs with "
                            + how
                            + "; "
                            + cp.split(java.io.File.pathSeparator).length
                            + " entries.");
            collectorClassPaths.put(collector, cp);
        }
        return cp;
    }

    void record(
            String collector,
            CollectorProcess p,
            String phase,
            boolean steady,
            Footprint f,
            double recordsPerSecond) {
        report.add(new Row(collector, p.label, phase, steady, f, recordsPerSecond));
        System.out.printf(
                Locale.ROOT,
                "%s [%s] %s: %.0f s, RSS mean %.1f / max %.1f / peak %.1f MiB, CPU %.2f %% of a"
                        + " core, %.1f records/s%n",
                collector,
                p.label,
                phase,
                f.seconds(),
                f.meanRssMiB(),
                f.maxRssMiB(),
                f.hwmMiB(),
                f.cpuPct(),
                recordsPerSecond);
    }

    /**
     * The class path this harness was loaded from: exec:java loads it in a URLClassLoader beside
     * Maven's own class path, so the loaders are asked first and {@code java.class.path} is the
     * fallback (a plain {@code java -cp} run).
     */
    private static String classPath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        ClassLoader cl = CollectorFootprintBench.class.getClassLoader();
        for (; cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    entries.add(Path.of(url.toURI()).toString());
                }
            }
        }
        if (entries.isEmpty()) {
            return System.getProperty("java.class.path");
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The checkout: above the working directory, else above the results directory. */
    private static Path findRepoRoot() {
        String results = System.getProperty("bench.results");
        for (Path start :
                results == null ? List.of(Path.of("")) : List.of(Path.of(""), Path.of(results))) {
            for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("collectors/gpu"))
                        && Files.isDirectory(p.resolve("bench"))) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("run from the repository (or set -Dbench.results)");
    }

    private Path resultsDir() {
        String results = System.getProperty("bench.results");
        return results != null ? Path.of(results) : repoRoot.resolve("bench/results");
    }
}
