package io.inferscope.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.Alert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last state delivered per target and fingerprint ({@code status}, {@code updated_at_ms}), the
 * memory behind "no second page for the same fingerprint and state".
 *
 * <p>Persisted as one small JSON file, rewritten atomically after a batch is delivered and before
 * its offsets are committed. Why a file rather than rebuilding from the topic: the alerts topic
 * says what was <em>emitted</em>, not what each target <em>accepted</em> (a page that failed
 * permanently must be tried again on the next re-emit), and re-reading 30 days of alerts at start
 * costs more than a file of a few KB. Losing the file (or crashing between delivery and write)
 * costs at most one repeated notification per fingerprint, the at-least-once price. Entries older
 * than {@code dedup_retention} are dropped, which bounds the file.
 */
final class DedupState {
    static final String FILE_NAME = "notifier-dedup.json";
    private static final Logger LOG = LoggerFactory.getLogger(DedupState.class);

    record Entry(Alert.Status status, long updatedAtMs) {}

    /** What to do with an alert for one target. */
    enum Verdict {
        SEND,
        /** Same state as last delivered, on a target that dedups. */
        DUPLICATE,
        /** Not newer than what this target already got (a replay after a restart). */
        REPLAYED
    }

    private final Path file;
    private final Map<String, Map<String, Entry>> byTarget = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    private DedupState(Path file) {
        this.file = file;
    }

    static DedupState inMemory() {
        return new DedupState(null);
    }

    /**
     * Loads {@code dir/notifier-dedup.json} if present; an unreadable file is logged and ignored.
     */
    static DedupState load(Path dir) {
        DedupState s = new DedupState(dir.resolve(FILE_NAME));
        if (!Files.exists(s.file)) {
            return s;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(s.file.toFile());
            root.path("targets")
                    .fields()
                    .forEachRemaining(
                            t ->
                                    t.getValue()
                                            .fields()
                                            .forEachRemaining(
                                                    f ->
                                                            s.targetMap(t.getKey())
                                                                    .put(
                                                                            f.getKey(),
                                                                            new Entry(
                                                                                    status(
                                                                                            f.getValue()
                                                                                                    .path(
                                                                                                            "status")
                                                                                                    .asText()),
                                                                                    f.getValue()
                                                                                            .path(
                                                                                                    "updated_at_ms")
                                                                                            .asLong()))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("dedup state {} unreadable, starting empty: {}", s.file, e.toString());
            s.byTarget.clear();
        }
        return s;
    }

    Verdict verdict(TargetConfig target, Alert alert) {
        Entry last = targetMap(target.name()).get(alert.fingerprint());
        if (last == null) {
            return Verdict.SEND;
        }
        if (alert.updatedAtMs() < last.updatedAtMs()
                || (alert.updatedAtMs() == last.updatedAtMs() && alert.status() == last.status())) {
            return Verdict.REPLAYED;
        }
        return target.dedup() && alert.status() == last.status() ? Verdict.DUPLICATE : Verdict.SEND;
    }

    void delivered(TargetConfig target, Alert alert) {
        targetMap(target.name())
                .put(alert.fingerprint(), new Entry(alert.status(), alert.updatedAtMs()));
        dirty = true;
    }

    Entry get(String target, String fingerprint) {
        return targetMap(target).get(fingerprint);
    }

    /** Drops entries not updated within {@code retention} of {@code nowMs}. */
    void prune(long nowMs, Duration retention) {
        long cutoff = nowMs - retention.toMillis();
        for (Map<String, Entry> m : byTarget.values()) {
            for (Iterator<Entry> it = m.values().iterator(); it.hasNext(); ) {
                if (it.next().updatedAtMs() < cutoff) {
                    it.remove();
                    dirty = true;
                }
            }
        }
    }

    /** Writes the file if anything changed (temp file + atomic rename: never half a file). */
    void persist() {
        if (file == null || !dirty) {
            return;
        }
        ObjectNode root = Json.object();
        root.put("version", 1);
        ObjectNode targets = root.putObject("targets");
        byTarget.forEach(
                (t, m) -> {
                    ObjectNode o = targets.putObject(t);
                    m.forEach(
                            (fp, e) ->
                                    o.putObject(fp)
                                            .put("status", e.status().wire())
                                            .put("updated_at_ms", e.updatedAtMs()));
                });
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.write(tmp, Json.bytes(root));
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dedup state " + file, e);
        }
    }

    private Map<String, Entry> targetMap(String target) {
        return byTarget.computeIfAbsent(target, t -> new ConcurrentHashMap<>());
    }

    private static Alert.Status status(String wire) {
        for (Alert.Status s : Alert.Status.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + wire + "'");
    }
}
