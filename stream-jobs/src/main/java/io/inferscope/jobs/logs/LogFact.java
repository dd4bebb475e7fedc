package io.inferscope.jobs.logs;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.schemas.LogLine;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * One log line routed to one of its groups: its container ({@code namespace/pod/container}) or its
 * deployment ({@code namespace/deployment}), with where it came from (for a late dead letter).
 */
public final class LogFact {
    public String key;

    /** true: the container copy (the one that is dead-lettered when late); false: deployment. */
    public boolean container;

    public LogLine line;
    public String topic;
    public int partition;
    public long offset;

    public LogFact() {}

    static LogFact of(String key, boolean container, LogLine line, String topic, int p, long o) {
        LogFact f = new LogFact();
        f.key = key;
        f.container = container;
        f.line = line;
        f.topic = topic;
        f.partition = p;
        f.offset = o;
        return f;
    }

    /** A POJO type whose line is serialized by its codec (no Kryo). */
    public static TypeInformation<LogFact> typeInfo() {
        try {
            return new PojoTypeInfo<>(
                    LogFact.class,
                    List.of(
                            new PojoField(LogFact.class.getField("key"), Types.STRING),
                            new PojoField(LogFact.class.getField("container"), Types.BOOLEAN),
                            new PojoField(
                                    LogFact.class.getField("line"),
                                    CodecTypeInfo.of(LogLine.class)),
                            new PojoField(LogFact.class.getField("topic"), Types.STRING),
                            new PojoField(LogFact.class.getField("partition"), Types.INT),
                            new PojoField(LogFact.class.getField("offset"), Types.LONG)));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
