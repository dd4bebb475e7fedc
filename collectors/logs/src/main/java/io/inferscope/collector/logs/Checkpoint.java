package io.inferscope.collector.logs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The read offsets of every followed file, in one small JSON file. Written to a temporary file,
 * forced to disk and moved over the old one atomically, so a crash leaves either the old or the new
 * checkpoint, never a torn one.
 *
 * <p>A file is known by its {@code fileKey} (device and inode on Linux), so a rename keeps its
 * offset; {@code path} is where it was last seen (to find it again after a rename while the
 * collector was down), and {@code fp_len}/{@code fp_crc} fingerprint its first bytes (so a reused
 * inode or a file rewritten while the collector was down is read from its start).
 */
final class Checkpoint {
    static final int VERSION = 1;

    /**
     * One file's offsets.
     *
     * @param resume where reading restarts: past every line handed over, or at the first part of a
     *     CRI partial line still being joined
     * @param emitted end of the last line handed over; lines that end at or before it are read
     *     again after a restart (to rebuild partial lines) but not handed over twice
     */
    record Entry(
            @JsonProperty("key") String key,
            @JsonProperty("path") String path,
            @JsonProperty("resume") long resume,
            @JsonProperty("emitted") long emitted,
            @JsonProperty("fp_len") int fpLen,
            @JsonProperty("fp_crc") long fpCrc) {}

    record State(@JsonProperty("version") int version, @JsonProperty("files") List<Entry> files) {}

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Checkpoint() {}

    /**
     * The entries saved in {@code file}; none when it does not exist.
     *
     * @throws IOException when it exists but cannot be read or parsed
     */
    static List<Entry> load(Path file) throws IOException {
        try {
            State s = JSON.readValue(Files.readAllBytes(file), State.class);
            if (s.version() != VERSION || s.files() == null) {
                throw new IOException("unsupported checkpoint version " + s.version());
            }
            return List.copyOf(s.files());
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    static void save(Path file, List<Entry> entries) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(new State(VERSION, entries)));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
