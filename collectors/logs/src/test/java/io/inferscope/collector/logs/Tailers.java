package io.inferscope.collector.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** Tailers over a temp dir, with a fixed clock, for tests that drive {@code pollOnce()} by hand. */
final class Tailers {
    static final Instant NOW = Instant.parse("2025-11-29T12:00:00Z");

    private Tailers() {}

    static LogTailer cri(Path root, Path checkpoint, CollectingSink sink) {
        return cri(root, checkpoint, sink, b -> {}, new LogsMetrics());
    }

    static LogTailer cri(
            Path root,
            Path checkpoint,
            CollectingSink sink,
            Consumer<LogsCollectorConfig.Builder> tweak,
            LogsMetrics metrics) {
        LogsCollectorConfig.Builder b =
                LogsCollectorConfig.builder()
                        .source(LogSource.cri(root, LogSource.DEFAULT_CRI_GLOB))
                        .checkpointFile(checkpoint)
                        .labels("test-cluster", "node-1");
        tweak.accept(b);
        return of(b.build(), sink, metrics);
    }

    static LogTailer of(LogsCollectorConfig config, CollectingSink sink, LogsMetrics metrics) {
        try {
            return new LogTailer(config, sink, metrics, Clock.fixed(NOW, ZoneOffset.UTC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
