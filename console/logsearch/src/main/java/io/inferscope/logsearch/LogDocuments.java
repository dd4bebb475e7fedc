package io.inferscope.logsearch;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;

/** LogLine ⇄ Lucene document. Attributes are not indexed (their keys are open-ended). */
final class LogDocuments {
    private LogDocuments() {}

    static Document toDocument(LogRecord record) {
        LogLine line = record.line();
        LogPosition pos = record.position();
        Document doc = new Document();
        doc.add(new StringField(LogFields.ID, pos.docId(), Field.Store.NO));
        doc.add(new LongPoint(LogFields.TS, line.tsMs()));
        doc.add(new NumericDocValuesField(LogFields.TS, line.tsMs()));
        doc.add(new StoredField(LogFields.TS, line.tsMs()));
        doc.add(new NumericDocValuesField(LogFields.PARTITION, pos.partition()));
        doc.add(new NumericDocValuesField(LogFields.OFFSET, pos.offset()));
        Labels l = line.labels();
        keyword(doc, LogFields.CLUSTER, l.cluster());
        keyword(doc, LogFields.NAMESPACE, l.namespace());
        keyword(doc, LogFields.DEPLOYMENT, l.deployment());
        keyword(doc, LogFields.MODEL, l.model());
        keyword(doc, LogFields.POD, l.replica());
        keyword(doc, LogFields.NODE, l.node());
        keyword(doc, LogFields.CONTAINER, line.container());
        keyword(doc, LogFields.STREAM, line.stream() == null ? null : line.stream().wire());
        keyword(doc, LogFields.LEVEL, line.level().wire());
        int rank = LogFields.rank(line.level());
        if (rank >= 0) {
            doc.add(new IntPoint(LogFields.LEVEL_RANK, rank));
        }
        keyword(doc, LogFields.REQUEST_ID, line.requestId());
        doc.add(new TextField(LogFields.MESSAGE, line.message(), Field.Store.YES));
        if (Boolean.TRUE.equals(line.truncated())) {
            keyword(doc, LogFields.TRUNCATED, "true");
        }
        return doc;
    }

    static LogHit toHit(Document doc) {
        IndexableField ts = doc.getField(LogFields.TS);
        Labels labels =
                new Labels(
                        doc.get(LogFields.CLUSTER),
                        doc.get(LogFields.NAMESPACE),
                        doc.get(LogFields.DEPLOYMENT),
                        doc.get(LogFields.MODEL),
                        doc.get(LogFields.POD),
                        doc.get(LogFields.NODE));
        String stream = doc.get(LogFields.STREAM);
        return new LogHit(
                ts.numericValue().longValue(),
                labels,
                doc.get(LogFields.CONTAINER),
                stream == null ? null : LogFields.stream(stream),
                LogFields.level(doc.get(LogFields.LEVEL)),
                doc.get(LogFields.MESSAGE),
                doc.get(LogFields.REQUEST_ID),
                doc.get(LogFields.TRUNCATED) != null);
    }

    private static void keyword(Document doc, String field, String value) {
        if (value != null && !value.isEmpty()) {
            doc.add(new StringField(field, value, Field.Store.YES));
        }
    }
}
