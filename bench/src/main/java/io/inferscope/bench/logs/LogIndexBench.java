package io.inferscope.bench.logs;

import io.inferscope.logsearch.LogIndex;
import io.inferscope.logsearch.LogIndexConfig;
import io.inferscope.logsearch.LogPage;
import io.inferscope.logsearch.LogPosition;
import io.inferscope.logsearch.LogQuery;
import io.inferscope.logsearch.LogRecord;
import io.inferscope.logsearch.LogSearch;
import io.inferscope.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Log index benchmark: indexes {@code bench.lines} realistic lines ({@link LogLineGenerator})
 * straight into a {@link LogIndex} (the API the Kafka indexer calls, in batches of 2,000 like its
 * polls, committing every 2 s and refreshing every 1 s like the store's defaults), then measures
 * {@link LogSearch} latency for a mix of queries ({@link QueryMix}) over all of them. Writes a
 * Markdown report to stdout and {@code bench/results/log-index.md}.
 *
 * <p>Options (system properties): {@code bench.lines} (default 1,000,000), {@code bench.spanHours}
 * hours of log time the lines spread over, ending now (default 3), {@code bench.queries} measured
 * queries per kind (default 200, after 50 discarded per kind), {@code bench.results} (output
 * directory, default {@code bench/results}).
 */
public final class LogIndexBench {
    static final String COMMAND =
            "./mvnw -q -pl bench exec:java -Dexec.mainClass=io.inferscope.bench.logs.LogIndexBench";
    private static final int BATCH = 2_000;
    private static final long COMMIT_EVERY_NS = 2_000_000_000L;
    private static final int WARMUP_QUERIES = 50;

    private LogIndexBench() {}

    record Indexing(
            long lines,
            int spanHours,
            double indexSeconds,
            double wallSeconds,
            double cpuSeconds,
            int periods,
            long bytes) {}

    record Latency(QueryMix kind, long[] micros, double meanHits, double meanTotal) {}

    public static void main(String[] args) throws Exception {
        long lines = Long.getLong("bench.lines", 1_000_000L);
        int spanHours = Integer.getInteger("bench.spanHours", 3);
        int queries = Integer.getInteger("bench.queries", 200);
        Path results = Path.of(System.getProperty("bench.results", "bench/results"));
        Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadAtStart = Report.loadAverage();
        Path tmp = Files.createTempDirectory("inferscope-log-index-bench-");
        long end = System.currentTimeMillis() - 60_000;
        long start = end - spanHours * 3_600_000L;
        LogLineGenerator gen = new LogLineGenerator(42);
        try (LogIndex index = LogIndex.open(LogIndexConfig.defaults(tmp))) {
            log("indexing %,d lines over %d h", lines, spanHours);
            Indexing indexing = index(index, gen, lines, spanHours, start, end);
            log("indexed: %,.0f lines/s", indexing.lines() / indexing.indexSeconds());
            LogSearch search = new LogSearch(index);
            List<Latency> latencies = queries(search, gen.requestIds(), start, end, queries);
            String md =
                    new Report(
                                    date,
                                    loadAtStart,
                                    Report.loadAverage(),
                                    command(),
                                    indexing,
                                    latencies,
                                    queries)
                            .markdown();
            System.out.println(md);
            Files.createDirectories(results);
            Files.writeString(results.resolve("log-index.md"), md, StandardCharsets.UTF_8);
        } finally {
            deleteTree(tmp);
        }
    }

    private static Indexing index(
            LogIndex index, LogLineGenerator gen, long n, int spanHours, long start, long end)
            throws IOException {
        String topic = Topics.RAW_LOGS.name();
        double step = (double) (end - start) / n;
        long indexNs = 0;
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        long lastCommit = wall0;
        List<LogRecord> batch = new ArrayList<>(BATCH);
        for (long i = 0; i < n; i++) {
            long ts = start + (long) (i * step);
            batch.add(new LogRecord(new LogPosition(topic, (int) (i % 3), i / 3), gen.next(ts)));
            if (batch.size() == BATCH || i == n - 1) {
                long t0 = System.nanoTime();
                index.index(batch);
                if (t0 - lastCommit >= COMMIT_EVERY_NS || i == n - 1) {
                    index.commit();
                    lastCommit = System.nanoTime();
                }
                indexNs += System.nanoTime() - t0;
                batch.clear();
            }
        }
        long t0 = System.nanoTime();
        index.refresh();
        indexNs += System.nanoTime() - t0;
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        LogIndex.Stats stats = index.stats();
        if (stats.docs() != n) {
            throw new IllegalStateException("indexed " + stats.docs() + " of " + n + " lines");
        }
        return new Indexing(
                n, spanHours, indexNs / 1e9, wall, cpu, stats.periods(), stats.sizeBytes());
    }

    /** Kinds interleaved round-robin, so each sees the same machine conditions. */
    private static List<Latency> queries(
            LogSearch search, List<String> ids, long start, long end, int perKind) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < WARMUP_QUERIES; i++) {
            for (QueryMix kind : QueryMix.values()) {
                search.search(kind.draw(rnd, start, end, ids));
            }
        }
        log("warm-up done; %d queries per kind", perKind);
        Map<QueryMix, long[]> micros = new EnumMap<>(QueryMix.class);
        Map<QueryMix, long[]> hits = new EnumMap<>(QueryMix.class);
        for (QueryMix kind : QueryMix.values()) {
            micros.put(kind, new long[perKind]);
            hits.put(kind, new long[2]);
        }
        for (int i = 0; i < perKind; i++) {
            for (QueryMix kind : QueryMix.values()) {
                LogQuery q = kind.draw(rnd, start, end, ids);
                long t0 = System.nanoTime();
                LogPage page = search.search(q);
                micros.get(kind)[i] = (System.nanoTime() - t0) / 1_000;
                hits.get(kind)[0] += page.hits().size();
                hits.get(kind)[1] += page.totalHits();
            }
        }
        List<Latency> out = new ArrayList<>();
        for (QueryMix kind : QueryMix.values()) {
            out.add(
                    new Latency(
                            kind,
                            micros.get(kind),
                            hits.get(kind)[0] / (double) perKind,
                            hits.get(kind)[1] / (double) perKind));
        }
        return out;
    }

    /** CPU time of the whole JVM (all threads, GC and JIT included); -1 where unknown. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static String command() {
        boolean execJava =
                LogIndexBench.class.getClassLoader() != ClassLoader.getSystemClassLoader();
        StringBuilder c =
                new StringBuilder(
                        execJava
                                ? COMMAND
                                : "java -cp <bench classes + dependencies> "
                                        + LogIndexBench.class.getName());
        for (String key : List.of("bench.lines", "bench.spanHours", "bench.queries")) {
            if (System.getProperty(key) != null) {
                c.append(" -D").append(key).append('=').append(System.getProperty(key));
            }
        }
        return c.toString();
    }

    static void log(String format, Object... args) {
        System.err.printf("[log-index-bench] " + format + "%n", args);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
