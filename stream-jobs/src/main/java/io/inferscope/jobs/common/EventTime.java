package io.inferscope.jobs.common;

import java.io.Serializable;

/** Reads the event time (epoch ms) of a contract record; every record type names it ts_ms. */
@FunctionalInterface
public interface EventTime<T> extends Serializable {
    long of(T record);

    /** The JSON path reported in a dead letter about the event time. */
    default String fieldPath() {
        return "$.ts_ms";
    }
}
