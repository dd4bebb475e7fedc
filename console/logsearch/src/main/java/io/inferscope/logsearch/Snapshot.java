package io.inferscope.logsearch;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;

/**
 * Point-in-time searchers of some periods, seen as one index (a MultiReader over them). Holding it
 * keeps those readers alive even if retention drops their period meanwhile; close it promptly.
 */
final class Snapshot implements Closeable {
    private final List<PeriodIndex> owners = new ArrayList<>();
    private final List<IndexSearcher> acquired = new ArrayList<>();
    private MultiReader reader;

    void add(PeriodIndex owner, IndexSearcher searcher) {
        owners.add(owner);
        acquired.add(searcher);
    }

    int periods() {
        return acquired.size();
    }

    /** One searcher over every acquired period (built once). */
    IndexSearcher searcher() throws IOException {
        if (reader == null) {
            IndexReader[] subs = new IndexReader[acquired.size()];
            for (int i = 0; i < subs.length; i++) {
                subs[i] = acquired.get(i).getIndexReader();
            }
            // closeSubReaders=false: the MultiReader takes its own reference on each and gives it
            // back on close; the period's searcher manager still owns the readers.
            reader = new MultiReader(subs, false);
        }
        return new IndexSearcher(reader);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                first = e;
            }
        }
        for (int i = 0; i < acquired.size(); i++) {
            try {
                owners.get(i).release(acquired.get(i));
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        acquired.clear();
        owners.clear();
        if (first != null) {
            throw first;
        }
    }
}
