package io.inferscope.logsearch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

/**
 * The index of one period: its own directory, writer and near-real-time searcher manager. Whole
 * periods are the unit of retention: dropping one is closing it and deleting its directory.
 */
final class PeriodIndex implements Closeable {
    private final Periods.Span span;
    private final Path dir;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private PeriodIndex(
            Periods.Span span,
            Path dir,
            FSDirectory directory,
            IndexWriter writer,
            SearcherManager searchers) {
        this.span = span;
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    static PeriodIndex open(Periods.Span span, Path dir, Analyzer analyzer, double ramBufferMb)
            throws IOException {
        Files.createDirectories(dir);
        FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = null;
        try {
            IndexWriterConfig cfg =
                    new IndexWriterConfig(analyzer)
                            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                            .setRAMBufferSizeMB(ramBufferMb);
            writer = new IndexWriter(directory, cfg);
            SearcherManager searchers = new SearcherManager(writer, true, false, null);
            return new PeriodIndex(span, dir, directory, writer, searchers);
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.rollback();
            }
            directory.close();
            throw e;
        }
    }

    Periods.Span span() {
        return span;
    }

    Path dir() {
        return dir;
    }

    /** Adds, or replaces the document with the same id (a replayed record). */
    void upsert(String id, Document doc) throws IOException {
        writer.updateDocument(new Term(LogFields.ID, id), doc);
    }

    /** Commits when something changed since the last commit; true when it committed. */
    boolean commitIfChanged() throws IOException {
        if (!writer.hasUncommittedChanges()) {
            return false;
        }
        writer.commit();
        return true;
    }

    void refresh() throws IOException {
        searchers.maybeRefresh();
    }

    void refreshBlocking() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    IndexSearcher acquire() throws IOException {
        return searchers.acquire();
    }

    void release(IndexSearcher searcher) throws IOException {
        searchers.release(searcher);
    }

    int docs() {
        return writer.getDocStats().numDocs;
    }

    long sizeBytes() {
        long total = 0;
        try {
            for (String file : directory.listAll()) {
                try {
                    total += directory.fileLength(file);
                } catch (IOException e) {
                    // a file merged away between list and stat: it no longer counts
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** Commits what is pending and closes; searchers still held stay usable until released. */
    @Override
    public void close() throws IOException {
        try (directory) {
            searchers.close();
            writer.close();
        }
    }

    /** Closes without committing and deletes the directory: retention's way out. */
    void drop() throws IOException {
        try (directory) {
            searchers.close();
            writer.rollback();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
