package io.inferscope.logsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The searchable log store for embedding (the console server): a {@link LogIndex} in the data
 * directory, a {@link LogIndexer} feeding it from Kafka, and the query side ({@link #search},
 * {@link #http}). A new, empty data directory reads the topic from its beginning (what Kafka still
 * holds within the retention); an existing one resumes from the group's committed offsets.
 *
 * <pre>{@code
 * LogStore store = LogStore.start(LogStoreConfig.builder("localhost:9092", dir).build());
 * LogSearchHttp.Response r = store.http().handle(exchange.getRequestURI().getRawQuery());
 * }</pre>
 *
 * <p>Reads every option of {@link LogStoreConfig}.
 */
public final class LogStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);

    /** Present once a store has used the directory: its absence means "read from the start". */
    static final String MARKER = "logstore.marker";

    private final LogIndex index;
    private final LogIndexer indexer;
    private final LogSearch search;
    private final LogSearchHttp http;

    private LogStore(LogIndex index, LogIndexer indexer, LogStoreConfig config) {
        this.index = index;
        this.indexer = indexer;
        this.search = new LogSearch(index);
        this.http = new LogSearchHttp(search, config.index().clock());
    }

    /**
     * @throws UncheckedIOException when the data directory cannot be used
     */
    public static LogStore start(LogStoreConfig config) {
        Path dir = config.index().dataDir();
        LogIndex index;
        boolean fresh;
        try {
            index = LogIndex.open(config.index());
            Path marker = dir.resolve(MARKER);
            fresh = !Files.exists(marker);
            if (fresh) {
                Files.writeString(marker, "inferscope log store\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log store in " + dir + ": " + e, e);
        }
        try {
            LogIndexer indexer =
                    LogIndexer.start(
                            index,
                            config.consumerProperties(),
                            config.topic(),
                            config.commitInterval(),
                            fresh);
            LOG.info(
                    "log store: {} period(s) in {}, indexing {} as group {}",
                    index.periods().size(),
                    dir,
                    config.topic(),
                    config.groupId());
            return new LogStore(index, indexer, config);
        } catch (RuntimeException e) {
            closeQuietly(index);
            throw e;
        }
    }

    public LogPage search(LogQuery query) {
        return search.search(query);
    }

    /** The {@code GET /api/v1/logs} handler. */
    public LogSearchHttp http() {
        return http;
    }

    public LogIndex index() {
        return index;
    }

    public LogIndexer.Stats indexerStats() {
        return indexer.stats();
    }

    /** Stops the indexer (committing what it indexed), then closes the index. */
    @Override
    public void close() {
        indexer.close();
        closeQuietly(index);
    }

    private static void closeQuietly(LogIndex index) {
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("log store: closing the index failed: {}", e.toString());
        }
    }
}
