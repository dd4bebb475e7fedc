package io.inferscope.logsearch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded log index: one Lucene index per time period under {@code dataDir}, written through
 * {@link #index}, made durable by {@link #commit}, searchable after a refresh (every {@code
 * refreshInterval} in the background), and trimmed by retention (whole periods at a time).
 *
 * <p>Idempotent: a line's id is its source position, so indexing the same record twice leaves one
 * copy. Thread-safe: one writer thread and any number of searching threads; retention waits for
 * writes in progress, while searches in progress keep the readers they hold.
 *
 * <p>Reads every option of {@link LogIndexConfig}.
 */
public final class LogIndex implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogIndex.class);

    /** What one {@link #index} call did with its records. */
    public record IndexResult(int indexed, int expired, int future) {}

    /** One period index, for status pages. */
    public record PeriodInfo(long startMs, long endMs, int docs, long sizeBytes) {}

    /** Counters since open; {@code docs} and {@code sizeBytes} are current. */
    public record Stats(
            long indexed, long expired, long future, int periods, long docs, long sizeBytes) {}

    private final LogIndexConfig config;
    private final long periodMs;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final ConcurrentSkipListMap<Long, PeriodIndex> periods = new ConcurrentSkipListMap<>();
    // Read: writes, commits and acquiring searchers. Write: dropping periods and closing.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong future = new AtomicLong();
    private final ScheduledExecutorService background;
    private volatile long floorMs; // lines below it were evicted by the size bound
    private volatile boolean closed;

    private LogIndex(LogIndexConfig config) {
        this.config = config;
        this.periodMs = config.period().toMillis();
        boolean schedule =
                !config.refreshInterval().isZero() || !config.retentionCheckInterval().isZero();
        this.background =
                schedule
                        ? Executors.newSingleThreadScheduledExecutor(
                                r -> {
                                    Thread t = new Thread(r, "inferscope-log-index-refresh");
                                    t.setDaemon(true);
                                    return t;
                                })
                        : null;
    }

    /** Opens the periods found under the data directory, applies retention, starts refreshing. */
    public static LogIndex open(LogIndexConfig config) throws IOException {
        LogIndex index = new LogIndex(config);
        try {
            index.openExisting();
            index.applyRetention();
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        index.schedule();
        return index;
    }

    public LogIndexConfig config() {
        return config;
    }

    /**
     * Adds (or replaces, by position) the records; lines outside retention are counted, not kept.
     */
    public IndexResult index(Collection<LogRecord> records) throws IOException {
        int ok = 0;
        int old = 0;
        int ahead = 0;
        lock.readLock().lock();
        try {
            ensureOpen();
            long now = config.clock().millis();
            long cutoff = now - config.retention().toMillis();
            long latest = now + config.maxFutureSkew().toMillis();
            for (LogRecord r : records) {
                long ts = r.line().tsMs();
                Periods.Span span = Periods.of(ts, periodMs);
                if (ts > latest) {
                    ahead++;
                } else if (span.endMs() <= cutoff || ts < floorMs) {
                    old++;
                } else {
                    periodFor(span).upsert(r.position().docId(), LogDocuments.toDocument(r));
                    ok++;
                }
            }
        } finally {
            lock.readLock().unlock();
            indexed.addAndGet(ok);
            expired.addAndGet(old);
            future.addAndGet(ahead);
        }
        return new IndexResult(ok, old, ahead);
    }

    /** Makes every line indexed so far durable (a Lucene commit of each changed period). */
    public void commit() throws IOException {
        lock.readLock().lock();
        try {
            ensureOpen();
            for (PeriodIndex p : periods.values()) {
                p.commitIfChanged();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes every line indexed so far searchable now (the background does it periodically). */
    public void refresh() throws IOException {
        lock.readLock().lock();
        try {
            ensureOpen();
            for (PeriodIndex p : periods.values()) {
                p.refreshBlocking();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Deletes the periods that ended more than {@code retention} ago, then, over {@code maxBytes},
     * the oldest periods (never the newest). Returns how many periods were deleted.
     */
    public int applyRetention() throws IOException {
        List<PeriodIndex> doomed = new ArrayList<>();
        lock.writeLock().lock();
        try {
            ensureOpen();
            long cutoff = config.clock().millis() - config.retention().toMillis();
            for (PeriodIndex p : periods.values()) {
                if (p.span().endMs() <= cutoff) {
                    doomed.add(p);
                }
            }
            doomed.forEach(p -> periods.remove(p.span().startMs()));
            if (config.maxBytes() > 0) {
                long total = periods.values().stream().mapToLong(PeriodIndex::sizeBytes).sum();
                while (total > config.maxBytes() && periods.size() > 1) {
                    PeriodIndex oldest = periods.pollFirstEntry().getValue();
                    total -= oldest.sizeBytes();
                    floorMs = Math.max(floorMs, oldest.span().endMs());
                    doomed.add(oldest);
                }
            }
            for (PeriodIndex p : doomed) {
                p.drop();
                LOG.info("log index: dropped period {} (retention)", p.dir().getFileName());
            }
        } finally {
            lock.writeLock().unlock();
        }
        return doomed.size();
    }

    /** Searchers of the periods overlapping [fromMs, toMsExclusive); close it to release them. */
    Snapshot snapshot(long fromMs, long toMsExclusive) throws IOException {
        Snapshot s = new Snapshot();
        lock.readLock().lock();
        try {
            ensureOpen();
            for (PeriodIndex p : periods.values()) {
                if (p.span().overlaps(fromMs, toMsExclusive)) {
                    s.add(p, p.acquire());
                }
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        } finally {
            lock.readLock().unlock();
        }
        return s;
    }

    public List<PeriodInfo> periods() {
        lock.readLock().lock();
        try {
            List<PeriodInfo> out = new ArrayList<>();
            for (PeriodIndex p : closed ? List.<PeriodIndex>of() : periods.values()) {
                out.add(
                        new PeriodInfo(
                                p.span().startMs(), p.span().endMs(), p.docs(), p.sizeBytes()));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    public Stats stats() {
        List<PeriodInfo> infos = periods();
        return new Stats(
                indexed.get(),
                expired.get(),
                future.get(),
                infos.size(),
                infos.stream().mapToLong(PeriodInfo::docs).sum(),
                infos.stream().mapToLong(PeriodInfo::sizeBytes).sum());
    }

    /** Stops the background work and commits and closes every period. */
    @Override
    public void close() throws IOException {
        if (background != null) {
            background.shutdownNow();
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            IOException first = null;
            for (PeriodIndex p : periods.values()) {
                try {
                    p.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            periods.clear();
            analyzer.close();
            if (first != null) {
                throw first;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private PeriodIndex periodFor(Periods.Span span) throws IOException {
        PeriodIndex p = periods.get(span.startMs());
        if (p != null) {
            return p;
        }
        synchronized (periods) {
            p = periods.get(span.startMs());
            if (p == null) {
                p = openPeriod(span);
                periods.put(span.startMs(), p);
            }
            return p;
        }
    }

    private PeriodIndex openPeriod(Periods.Span span) throws IOException {
        Path dir = config.dataDir().resolve(span.dirName());
        return PeriodIndex.open(span, dir, analyzer, config.ramBufferMb());
    }

    private void openExisting() throws IOException {
        Files.createDirectories(config.dataDir());
        List<Path> dirs;
        try (Stream<Path> list = Files.list(config.dataDir())) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            var span = Periods.parse(dir.getFileName().toString());
            if (span.isEmpty()) {
                LOG.warn("log index: ignoring {} (not a period directory)", dir);
                continue;
            }
            periods.putIfAbsent(span.get().startMs(), openPeriod(span.get()));
        }
    }

    private void schedule() {
        if (background == null) {
            return;
        }
        long refresh = config.refreshInterval().toMillis();
        if (refresh > 0) {
            background.scheduleWithFixedDelay(
                    () -> quietly("refresh", this::refreshQuietly),
                    refresh,
                    refresh,
                    TimeUnit.MILLISECONDS);
        }
        long retention = config.retentionCheckInterval().toMillis();
        if (retention > 0) {
            background.scheduleWithFixedDelay(
                    () -> quietly("retention", this::applyRetention),
                    retention,
                    retention,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Non-blocking: a refresh already running elsewhere is not waited for. */
    private void refreshQuietly() throws IOException {
        lock.readLock().lock();
        try {
            if (!closed) {
                for (Map.Entry<Long, PeriodIndex> e : periods.entrySet()) {
                    e.getValue().refresh();
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private interface Task {
        void run() throws IOException;
    }

    private void quietly(String what, Task task) {
        try {
            task.run();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("log index: background {} failed: {}", what, e.toString());
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the log index is closed");
        }
    }
}
