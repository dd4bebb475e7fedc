package io.inferscope.collector.gpu;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attribution from a JSON file ({@code --attribution FILE}), for hosts without a kubelet and for
 * tests: an object keyed by GPU UUID,
 *
 * <pre>{@code
 * {"GPU-5f1c...": {"namespace": "llm", "pod": "vllm-6d9f7c8b5-k2x7p",
 *                  "container": "vllm", "deployment": "vllm"}}
 * }</pre>
 *
 * Every field is optional. The file is read again when its modification time changes; a file that
 * no longer parses keeps the last good mapping (with a warning).
 */
public final class StaticFileAttribution implements Attribution {
    private static final Logger LOG = LoggerFactory.getLogger(StaticFileAttribution.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final FileTime MISSING = FileTime.fromMillis(Long.MIN_VALUE);

    private final Path file;
    private volatile Map<String, GpuHolder> holders;
    private FileTime loadedAt;
    private FileTime failedAt;

    private StaticFileAttribution(Path file, Map<String, GpuHolder> holders, FileTime loadedAt) {
        this.file = file;
        this.holders = holders;
        this.loadedAt = loadedAt;
    }

    /**
     * Reads the file.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not such JSON
     */
    public static StaticFileAttribution load(Path file) {
        try {
            FileTime at = Files.getLastModifiedTime(file);
            return new StaticFileAttribution(file, parse(file), at);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "attribution file " + file + " cannot be used: " + oneLine(e), e);
        }
    }

    private static Map<String, GpuHolder> parse(Path file) throws IOException {
        Map<String, Entry> raw = JSON.readValue(file.toFile(), new TypeReference<>() {});
        return raw.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(
                        Collectors.toUnmodifiableMap(
                                Map.Entry::getKey, e -> e.getValue().holder()));
    }

    @Override
    public Optional<GpuHolder> holderOf(String gpuUuid) {
        return Optional.ofNullable(holders.get(gpuUuid));
    }

    @Override
    public boolean refresh() {
        FileTime now;
        try {
            now = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return warnOnce(null, e);
        }
        if (now.equals(loadedAt) || now.equals(failedAt)) {
            return failedAt == null;
        }
        try {
            holders = parse(file);
            loadedAt = now;
            failedAt = null;
            return true;
        } catch (IOException e) {
            return warnOnce(now, e);
        }
    }

    /** One warning per broken version of the file, not one per tick. */
    private boolean warnOnce(FileTime version, IOException e) {
        FileTime v = version == null ? MISSING : version;
        boolean first = !v.equals(failedAt);
        failedAt = v;
        if (first) {
            LOG.warn(
                    "attribution file {} not reloaded, keeping the last good mapping: {}",
                    file,
                    oneLine(e));
        }
        return false;
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    private static String oneLine(IOException e) {
        if (e instanceof JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** One entry of the file. */
    record Entry(String namespace, String pod, String container, String deployment) {
        GpuHolder holder() {
            return new GpuHolder(namespace, pod, container, deployment);
        }
    }
}
