package io.inferscope.logsearch;

import io.inferscope.schemas.LogLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * Answers {@link LogQuery}s from a {@link LogIndex}: only the periods that overlap the time range
 * are opened, every filter is a non-scoring clause, and hits come newest first (time, then source
 * partition and offset, descending), one page at a time. Thread-safe.
 */
public final class LogSearch {
    static final Sort NEWEST_FIRST =
            new Sort(
                    new SortField(LogFields.TS, SortField.Type.LONG, true),
                    new SortField(LogFields.PARTITION, SortField.Type.LONG, true),
                    new SortField(LogFields.OFFSET, SortField.Type.LONG, true));

    private final LogIndex index;

    public LogSearch(LogIndex index) {
        this.index = index;
    }

    /**
     * @throws IllegalArgumentException for a bad query text or cursor (the message says why)
     * @throws UncheckedIOException when the index cannot be read
     */
    public LogPage search(LogQuery q) {
        long t0 = System.nanoTime();
        Query query = toLucene(q);
        FieldDoc after = q.cursor() == null ? null : Cursor.decode(q.cursor());
        long from = q.sinceMs() == null ? Long.MIN_VALUE : q.sinceMs();
        long to = q.untilMs() == null ? Long.MAX_VALUE : q.untilMs();
        try (Snapshot snapshot = index.snapshot(from, to)) {
            IndexSearcher searcher = snapshot.searcher();
            // One more than a page tells whether there is a next page without a second search.
            TopFieldDocs top =
                    searcher.search(
                            query,
                            new TopFieldCollectorManager(NEWEST_FIRST, q.limit() + 1, after, 1));
            long total = searcher.count(query);
            StoredFields stored = searcher.storedFields();
            List<LogHit> hits = new ArrayList<>(Math.min(q.limit(), top.scoreDocs.length));
            for (int i = 0; i < top.scoreDocs.length && i < q.limit(); i++) {
                hits.add(LogDocuments.toHit(stored.document(top.scoreDocs[i].doc)));
            }
            String next = null;
            if (top.scoreDocs.length > q.limit()) {
                ScoreDoc last = top.scoreDocs[q.limit() - 1];
                next = Cursor.encode((FieldDoc) last);
            }
            return new LogPage(hits, total, next, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("log index read failed: " + e.getMessage(), e);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new IllegalArgumentException(
                    "query too broad: it expands to more than "
                            + IndexSearcher.getMaxClauseCount()
                            + " terms; use a longer prefix or fewer wildcards");
        }
    }

    /** The Lucene query of a search (every clause a filter: the order is by time, not score). */
    static Query toLucene(LogQuery q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        if (q.text() != null) {
            b.add(TextQueries.parse(q.text()), BooleanClause.Occur.FILTER);
            clauses++;
        }
        clauses += anyOf(b, LogFields.NAMESPACE, q.namespaces());
        clauses += anyOf(b, LogFields.POD, q.pods());
        clauses += anyOf(b, LogFields.CONTAINER, q.containers());
        clauses += anyOf(b, LogFields.DEPLOYMENT, q.deployments());
        Set<String> levels =
                q.levels().stream().map(LogLine.Level::wire).collect(Collectors.toSet());
        clauses += anyOf(b, LogFields.LEVEL, levels);
        if (q.minLevel() != null) {
            int rank = LogFields.rank(q.minLevel());
            // "at least unknown" is meaningless: it means every line with a known level.
            b.add(
                    IntPoint.newRangeQuery(LogFields.LEVEL_RANK, Math.max(rank, 0), 100),
                    BooleanClause.Occur.FILTER);
            clauses++;
        }
        if (q.sinceMs() != null || q.untilMs() != null) {
            long lo = q.sinceMs() == null ? Long.MIN_VALUE : q.sinceMs();
            long hi = q.untilMs() == null ? Long.MAX_VALUE : q.untilMs() - 1;
            b.add(LongPoint.newRangeQuery(LogFields.TS, lo, hi), BooleanClause.Occur.FILTER);
            clauses++;
        }
        if (q.requestId() != null) {
            b.add(
                    new TermQuery(new Term(LogFields.REQUEST_ID, q.requestId())),
                    BooleanClause.Occur.FILTER);
            clauses++;
        }
        return clauses == 0 ? new MatchAllDocsQuery() : b.build();
    }

    private static int anyOf(BooleanQuery.Builder b, String field, Set<String> values) {
        if (values.isEmpty()) {
            return 0;
        }
        Query q =
                values.size() == 1
                        ? new TermQuery(new Term(field, values.iterator().next()))
                        : new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
        b.add(q, BooleanClause.Occur.FILTER);
        return 1;
    }
}
