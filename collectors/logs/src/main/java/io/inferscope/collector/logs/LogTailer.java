package io.inferscope.collector.logs;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.collector.logs.FileLister.Found;
import io.inferscope.collector.logs.TrackedFile.Progress;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the files of the configured sources, one {@link #pollOnce()} at a time, on the caller's
 * thread: lists the files, reads what is new, hands each line to the sink keyed {@code
 * namespace/pod/container}, and records offsets that {@link #saveCheckpoint()} writes.
 *
 * <p>Rotation: a file is known by its inode ({@code fileKey}), not its name. Renamed away or
 * deleted, it stays open and is read to its end before it is closed ({@value #ORPHAN_IDLE_POLLS}
 * polls in a row with nothing new), and within a poll such files are read before the others, so the
 * old generation's lines come first. Found shorter than what was read, or with different first
 * bytes (copytruncate), it is read again from 0.
 *
 * <p>Not thread-safe: one thread polls ({@link LogsCollector} runs it on its own).
 */
public final class LogTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogTailer.class);

    /** Polls in a row with nothing new before a renamed or deleted file is closed. */
    static final int ORPHAN_IDLE_POLLS = 4;

    /** Read at most this much of one file per poll, so one busy file cannot starve the others. */
    static final long BUDGET_BYTES_PER_POLL = 4L << 20;

    private static final long READ_WARN_EVERY_NANOS = 60_000_000_000L;

    private static final Comparator<TrackedFile> BY_PATH = Comparator.comparing(TrackedFile::path);

    private final LogsCollectorConfig config;
    private final LogsMetrics metrics;
    private final TailContext ctx;
    private final Map<String, TrackedFile> tracked = new LinkedHashMap<>();
    private final Map<String, Checkpoint.Entry> restored = new LinkedHashMap<>();
    private final Map<String, Long> failedOpens = new HashMap<>();
    private List<Checkpoint.Entry> lastSaved = List.of();
    private boolean firstPoll = true;
    private long lastReadWarn;

    /**
     * Loads the checkpoint (when configured); reads nothing until the first poll.
     *
     * @throws IOException when the checkpoint file exists but cannot be read
     */
    public LogTailer(LogsCollectorConfig config, RecordSink sink, LogsMetrics metrics, Clock clock)
            throws IOException {
        this.config = config;
        this.metrics = metrics;
        Redactor redactor = Redactor.withDefaults(config.extraRedactions());
        LineFactory factory =
                new LineFactory(config.maxLineBytes(), config.maxAttributes(), redactor, metrics);
        this.ctx = new TailContext(factory, sink, metrics, clock, config.maxLineBytes());
        if (config.checkpointFile() != null) {
            for (Checkpoint.Entry e : Checkpoint.load(config.checkpointFile())) {
                restored.put(e.key(), e);
            }
            lastSaved = List.copyOf(restored.values());
        }
    }

    /**
     * Lists the files, reads what is new and hands it over.
     *
     * @return lines accepted by the sink in this poll
     */
    public long pollOnce() {
        long before = metrics.linesPublished();
        Map<String, Found> found = FileLister.list(config.sources());
        failedOpens.keySet().retainAll(found.keySet());
        for (TrackedFile f : tracked.values()) {
            Found now = found.get(f.key);
            if (now != null) {
                f.seenAt(now.path());
            } else if (f.markOrphan()) {
                metrics.renames.increment();
            }
        }
        if (firstPoll) {
            restore(found);
        }
        for (TrackedFile f : sorted(true)) {
            pollOrphan(f);
        }
        List<Found> fresh = new ArrayList<>();
        for (Found x : found.values()) {
            if (!tracked.containsKey(x.key())) {
                fresh.add(x);
            }
        }
        fresh.sort(Comparator.comparing(Found::path));
        for (Found x : fresh) {
            long start = firstPoll && !config.fromStart() ? -1 : 0;
            open(x.key(), x.path(), x.source(), start, start, 0, 0);
        }
        firstPoll = false;
        for (TrackedFile f : sorted(false)) {
            pollLive(f);
        }
        metrics.filesOpen.set(tracked.size());
        return metrics.linesPublished() - before;
    }

    /**
     * Writes the offsets of every followed file, if a checkpoint file is configured and they
     * changed since the last write.
     *
     * @return false when the write failed (counted and logged; the next call tries again)
     */
    public boolean saveCheckpoint() {
        if (config.checkpointFile() == null) {
            return true;
        }
        List<Checkpoint.Entry> entries = new ArrayList<>(restored.values());
        for (TrackedFile f : tracked.values()) {
            entries.add(f.entry());
        }
        if (entries.equals(lastSaved)) {
            return true;
        }
        try {
            Checkpoint.save(config.checkpointFile(), entries);
            lastSaved = List.copyOf(entries);
            return true;
        } catch (IOException e) {
            metrics.checkpointErrors.increment();
            LOG.warn("Cannot write the checkpoint {}: {}", config.checkpointFile(), e.toString());
            return false;
        }
    }

    /** Keys of the files being followed (tests). */
    List<Path> followedPaths() {
        return tracked.values().stream().map(TrackedFile::path).sorted().toList();
    }

    private List<TrackedFile> sorted(boolean orphans) {
        return tracked.values().stream()
                .filter(f -> f.orphan() == orphans)
                .sorted(BY_PATH)
                .toList();
    }

    private void pollOrphan(TrackedFile f) {
        try {
            Progress p = f.poll(BUDGET_BYTES_PER_POLL);
            if (p == Progress.IDLE && f.idle() >= ORPHAN_IDLE_POLLS && f.finish()) {
                tracked.remove(f.key);
                f.close();
            }
        } catch (IOException e) {
            readError(f.path(), e);
        }
    }

    private void pollLive(TrackedFile f) {
        try {
            if (f.detectTruncation()) {
                metrics.truncations.increment();
                LOG.debug("{} was truncated; reading it again from the start", f.path());
            }
            f.poll(BUDGET_BYTES_PER_POLL);
        } catch (IOException e) {
            readError(f.path(), e);
        }
    }

    /**
     * Matches checkpoint entries to files, by key; a key gone from the listing is looked for beside
     * its old path.
     */
    private void restore(Map<String, Found> found) {
        for (Checkpoint.Entry e : restored.values()) {
            Found x = found.get(e.key());
            if (x != null) {
                open(x.key(), x.path(), x.source(), e.resume(), e.emitted(), e.fpLen(), e.fpCrc());
                continue;
            }
            Path old = Path.of(e.path());
            Optional<LogSource> source =
                    config.sources().stream().filter(s -> old.startsWith(s.root())).findFirst();
            Optional<Path> moved = FileLister.findInDirectory(old.getParent(), e.key());
            if (source.isPresent() && moved.isPresent()) {
                TrackedFile f =
                        open(
                                e.key(),
                                moved.get(),
                                source.get(),
                                e.resume(),
                                e.emitted(),
                                e.fpLen(),
                                e.fpCrc());
                if (f != null) {
                    f.markOrphan();
                    metrics.renames.increment();
                }
            } else {
                metrics.checkpointsMissing.increment();
                LOG.warn("{} is gone since the last checkpoint; its unread lines are lost", old);
            }
        }
        restored.clear();
    }

    /**
     * Opens a file and positions it: at {@code resume} when its first bytes still match the
     * checkpoint's fingerprint, else at 0; {@code resume == -1} means at its current end.
     */
    private TrackedFile open(
            String key,
            Path path,
            LogSource source,
            long resume,
            long emitted,
            int fpLen,
            long fpCrc) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null; // gone since the listing
        } catch (IOException e) {
            if (failedOpens.putIfAbsent(key, 1L) == null) {
                metrics.readErrors.increment();
                LOG.warn("Cannot open {} (retried every poll): {}", path, e.toString());
            }
            return null;
        }
        try {
            // The path may have been rotated between the listing and the open.
            if (!FileLister.keyOf(path, Files.readAttributes(path, BasicFileAttributes.class))
                    .equals(key)) {
                ch.close();
                return null;
            }
            SourceIdentity id =
                    source.format() == LogFormat.CRI
                            ? CriPaths.identityOf(path)
                                    .orElse(new SourceIdentity(null, null, null, null))
                            : source.identity();
            TrackedFile f =
                    new TrackedFile(
                            key,
                            path,
                            source,
                            config.deployments().resolve(id),
                            ch,
                            ctx,
                            config.cluster(),
                            config.node());
            if (resume < 0) {
                long end = ch.size();
                f.startAt(end, end);
            } else if (f.hasFingerprint(fpLen, fpCrc) && resume <= ch.size()) {
                f.startAt(resume, emitted);
            } else {
                if (resume > 0 || emitted > 0) {
                    metrics.truncations.increment(); // rewritten while we were down
                }
                f.startAt(0, 0);
            }
            failedOpens.remove(key);
            tracked.put(key, f);
            return f;
        } catch (NoSuchFileException e) {
            closeQuietly(ch); // deleted between the open and the check: never read, nothing lost
            return null;
        } catch (IOException e) {
            closeQuietly(ch);
            readError(path, e);
            return null;
        }
    }

    private void readError(Path path, IOException e) {
        metrics.readErrors.increment();
        long now = System.nanoTime();
        if (lastReadWarn == 0 || now - lastReadWarn > READ_WARN_EVERY_NANOS) {
            lastReadWarn = now;
            LOG.warn(
                    "Reading {} failed (retried next poll; logged at most once a minute): {}",
                    path,
                    e.toString());
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }

    /** Closes every file. Does not write the checkpoint: call {@link #saveCheckpoint()} first. */
    @Override
    public void close() {
        for (TrackedFile f : tracked.values()) {
            try {
                f.close();
            } catch (IOException e) {
                // read-only channel
            }
        }
        tracked.clear();
        metrics.filesOpen.set(0);
    }
}
