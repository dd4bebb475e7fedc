package io.inferscope.bench.footprint;

import io.inferscope.bench.footprint.FootprintReport.Row;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.EmbeddedKafka;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private final Set<String> notedClassPaths = new java.util.HashSet<>();
    private final FootprintReport report = new FootprintReport();

    private CollectorFootprintBench(FootprintOptions options, Path repoRoot) throws Exception {
        this.options = options;
        this.repoRoot = repoRoot;
        this.work = Files.createDirectories(repoRoot.resolve("bench/target/footprint"));
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
                "Child JVMs log through slf4j-simple at WARN (the collectors' binding). Child logs:"
                        + " `bench/target/footprint/`.");
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
        noteClassPath(collector);
        List<String> opts = new ArrayList<>(collectorOptions);
        opts.addAll(
                List.of(
                        "--spool-dir",
                        work.resolve("spool-" + collector + "-" + flagSet).toString()));
        return CollectorProcess.start(
                flagSet,
                repoRoot,
                flags.javaOpts(repoRoot, options.extraFlags()),
                flags.env(),
                collector,
                opts,
                work.resolve(collector + "-" + flagSet + ".log"));
    }

    /**
     * The child is {@code ./inferscope collect NAME}, which runs the collector's jar with {@code
     * collectors/NAME/target/classpath.txt}: checked here, so a missing build fails with a clear
     * message, and noted in the results once per collector.
     */
    private synchronized void noteClassPath(String collector) throws java.io.IOException {
        if (!notedClassPaths.add(collector)) {
            return;
        }
        Path file = repoRoot.resolve("collectors/" + collector + "/target/classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    file
                            + " is missing: build the collector first (mvnw -pl collectors/"
                            + collector
                            + " install -DskipTests)");
        }
        String cp = Files.readString(file).trim();
        report.note(
                collector
                        + ": the child is `./inferscope collect "
                        + collector
                        + "` (INFERSCOPE_NO_BUILD=1), i.e. the collector's jar and its module's"
                        + " runtime class path (`collectors/"
                        + collector
                        + "/target/classpath.txt`, "
                        + cp.split(File.pathSeparator).length
                        + " jars), as a user runs it.");
        report.note(collector + ": " + cdsState(collector, file, cp));
    }

    /**
     * The AppCDS archive the script gives the collector flag set (root {@code inferscope}, {@code
     * collector_cds}): mapped when present and not older than the class path (a user's second and
     * later runs), else trained by this child (a user's first run).
     */
    private String cdsState(String collector, Path classPathFile, String cp)
            throws java.io.IOException {
        if (!options.extraFlags().isEmpty()) {
            return "no AppCDS archive (--extra-flags replace the script's default flags)";
        }
        Path jsa =
                repoRoot.resolve(
                        "collectors/" + collector + "/target/" + collector + "-collector.jsa");
        String name = "`" + repoRoot.relativize(jsa) + "`";
        if (!Files.isRegularFile(jsa)) {
            return "no AppCDS archive at start: the collector flag set's child trains "
                    + name
                    + " (what a user's first run does)";
        }
        long archived = Files.getLastModifiedTime(jsa).toMillis();
        List<Path> inputs = new ArrayList<>();
        inputs.add(classPathFile);
        try (var jars =
                Files.newDirectoryStream(
                        classPathFile.getParent(),
                        "inferscope-collector-" + collector + "-*.jar")) {
            jars.forEach(inputs::add);
        }
        for (String entry : cp.split(File.pathSeparator)) {
            inputs.add(Path.of(entry));
        }
        for (Path in : inputs) {
            if (Files.exists(in) && Files.getLastModifiedTime(in).toMillis() > archived) {
                return "AppCDS archive "
                        + name
                        + " stale (older than "
                        + in.getFileName()
                        + "): the collector flag set's child retrains it (a user's first run)";
            }
        }
        return String.format(
                Locale.ROOT,
                "AppCDS archive %s (%.1f MiB) present at start: the collector flag set's child maps"
                        + " it (what a user's second and later runs get)",
                name,
                Files.size(jsa) / 1048576.0);
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
