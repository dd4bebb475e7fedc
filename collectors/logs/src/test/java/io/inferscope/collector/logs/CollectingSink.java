package io.inferscope.collector.logs;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.ArrayList;
import java.util.List;

/** Keeps what it accepts; refuses everything once {@link #capacity} lines were accepted. */
final class CollectingSink implements RecordSink {
    record Keyed(String key, LogLine line) {}

    final List<Keyed> records = new ArrayList<>();
    int capacity = Integer.MAX_VALUE;
    int refused;

    @Override
    public synchronized <T> boolean publish(TopicSpec<T> topic, String key, T record) {
        if (topic != Topics.RAW_LOGS) {
            throw new AssertionError("unexpected topic " + topic.name());
        }
        if (records.size() >= capacity) {
            refused++;
            return false;
        }
        records.add(new Keyed(key, (LogLine) record));
        return true;
    }

    synchronized List<LogLine> lines() {
        return records.stream().map(Keyed::line).toList();
    }

    synchronized List<String> messages() {
        return records.stream().map(k -> k.line().message()).toList();
    }

    synchronized void clear() {
        records.clear();
    }
}
