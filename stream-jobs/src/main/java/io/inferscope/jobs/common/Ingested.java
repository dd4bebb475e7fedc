package io.inferscope.jobs.common;

import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.RequestEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * One Kafka record after decoding: either the decoded {@code record} or the {@code deadLetter}
 * saying why it could not be used, plus where it came from. Produced by {@link
 * DecodingDeserializer} inside the Kafka source, so the watermark generator only ever sees event
 * times of valid records (a garbage timestamp cannot push the watermark).
 */
public final class Ingested<T> {
    public String topic;
    public int partition;
    public long offset;
    public T record;
    public DeadLetter deadLetter;

    public Ingested() {}

    public static <T> Ingested<T> ok(String topic, int partition, long offset, T record) {
        Ingested<T> i = new Ingested<>();
        i.topic = topic;
        i.partition = partition;
        i.offset = offset;
        i.record = record;
        return i;
    }

    public static <T> Ingested<T> refused(
            String topic, int partition, long offset, DeadLetter deadLetter) {
        Ingested<T> i = new Ingested<>();
        i.topic = topic;
        i.partition = partition;
        i.offset = offset;
        i.deadLetter = deadLetter;
        return i;
    }

    public boolean isOk() {
        return record != null;
    }

    /** A POJO type whose generic record field is serialized by {@link #recordTypeInfo}. */
    public static <T> TypeInformation<Ingested<T>> typeInfo(Class<T> recordType) {
        try {
            @SuppressWarnings({"unchecked", "rawtypes"})
            TypeInformation<Ingested<T>> info =
                    new PojoTypeInfo(
                            Ingested.class,
                            List.of(
                                    new PojoField(Ingested.class.getField("topic"), Types.STRING),
                                    new PojoField(Ingested.class.getField("partition"), Types.INT),
                                    new PojoField(Ingested.class.getField("offset"), Types.LONG),
                                    new PojoField(
                                            Ingested.class.getField("record"),
                                            recordTypeInfo(recordType)),
                                    new PojoField(
                                            Ingested.class.getField("deadLetter"),
                                            CodecTypeInfo.of(DeadLetter.class))));
            return info;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Raw request records, the bulk of all records, cross the network in a binary form ({@link
     * RequestEventSerializer}); the others as their JSON codec.
     */
    private static TypeInformation<?> recordTypeInfo(Class<?> recordType) {
        if (recordType == RequestEvent.class) {
            return new SerializerTypeInfo<>(RequestEvent.class, new RequestEventSerializer());
        }
        return CodecTypeInfo.of(recordType);
    }

    @Override
    public String toString() {
        return "Ingested["
                + topic
                + "-"
                + partition
                + "@"
                + offset
                + ", "
                + record
                + ", "
                + deadLetter
                + "]";
    }
}
