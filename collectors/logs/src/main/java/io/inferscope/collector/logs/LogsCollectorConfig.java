package io.inferscope.collector.logs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link LogsCollector} and {@link LogTailer} need. Build with {@link #builder()}.
 *
 * @param sources the files to follow (default: CRI files under {@code /var/log/pods})
 * @param checkpointFile where read offsets are kept across restarts; null for none (every start
 *     reads from the start, or the end with {@code fromStart=false})
 * @param maxLineBytes cap on one line's message in bytes (default 16 KiB, at most 64 KiB so a line
 *     always fits the publisher's record size); longer lines are cut and flagged {@code truncated}
 * @param maxAttributes cap on attributes read from one JSON line (default 32)
 * @param extraRedactions secret patterns applied after {@link Redactor#DEFAULTS}
 * @param pollInterval how often the files are listed and read (default 250 ms)
 * @param checkpointInterval at most how often the checkpoint is written while running (default 1
 *     s); it is also written on close
 * @param cluster the {@code cluster} label of every line (may be null)
 * @param node the {@code node} label of every line (may be null)
 * @param deployments pod → deployment (default: the name rule alone)
 * @param fromStart files found at the first listing without a checkpoint entry are read from their
 *     start (default) or only from their current end; files appearing later are always read whole
 */
public record LogsCollectorConfig(
        List<LogSource> sources,
        Path checkpointFile,
        int maxLineBytes,
        int maxAttributes,
        List<Pattern> extraRedactions,
        Duration pollInterval,
        Duration checkpointInterval,
        String cluster,
        String node,
        DeploymentResolver deployments,
        boolean fromStart) {

    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    public static final int MAX_LINE_BYTES_LIMIT = 64 * 1024;
    public static final int DEFAULT_MAX_ATTRIBUTES = 32;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    public LogsCollectorConfig {
        sources = List.copyOf(sources);
        extraRedactions = List.copyOf(extraRedactions);
        if (maxLineBytes < 64 || maxLineBytes > MAX_LINE_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be within 64.."
                            + MAX_LINE_BYTES_LIMIT
                            + ", got "
                            + maxLineBytes);
        }
        if (maxAttributes < 0) {
            throw new IllegalArgumentException("maxAttributes must not be negative");
        }
        for (Duration d : new Duration[] {pollInterval, checkpointInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("intervals must be positive, got " + d);
            }
        }
        deployments = deployments == null ? DeploymentResolver.RULE : deployments;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults as documented on the record; no checkpoint file. */
    public static final class Builder {
        private final List<LogSource> sources = new ArrayList<>();
        private Path checkpointFile;
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private int maxAttributes = DEFAULT_MAX_ATTRIBUTES;
        private final List<Pattern> extraRedactions = new ArrayList<>();
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private String cluster;
        private String node;
        private DeploymentResolver deployments;
        private boolean fromStart = true;

        private Builder() {}

        public Builder source(LogSource v) {
            sources.add(Objects.requireNonNull(v));
            return this;
        }

        public Builder checkpointFile(Path v) {
            checkpointFile = v;
            return this;
        }

        public Builder maxLineBytes(int v) {
            maxLineBytes = v;
            return this;
        }

        public Builder maxAttributes(int v) {
            maxAttributes = v;
            return this;
        }

        public Builder redact(Pattern v) {
            extraRedactions.add(Objects.requireNonNull(v));
            return this;
        }

        public Builder pollInterval(Duration v) {
            pollInterval = v;
            return this;
        }

        public Builder checkpointInterval(Duration v) {
            checkpointInterval = v;
            return this;
        }

        public Builder labels(String newCluster, String newNode) {
            cluster = newCluster;
            node = newNode;
            return this;
        }

        public Builder deployments(DeploymentResolver v) {
            deployments = v;
            return this;
        }

        public Builder fromStart(boolean v) {
            fromStart = v;
            return this;
        }

        public LogsCollectorConfig build() {
            List<LogSource> s =
                    sources.isEmpty()
                            ? List.of(
                                    LogSource.cri(
                                            LogSource.DEFAULT_CRI_ROOT, LogSource.DEFAULT_CRI_GLOB))
                            : sources;
            return new LogsCollectorConfig(
                    s,
                    checkpointFile,
                    maxLineBytes,
                    maxAttributes,
                    extraRedactions,
                    pollInterval,
                    checkpointInterval,
                    cluster,
                    node,
                    deployments,
                    fromStart);
        }
    }
}
