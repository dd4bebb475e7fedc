package io.inferscope.collector.core;

/** Why a record was dropped; each reason is a label value of the dropped-records counter. */
public enum DropReason {
    /** The in-memory queue was full when {@code publish} was called. */
    QUEUE_FULL("queue_full"),
    /** The broker was unreachable and the on-disk spool had reached its byte cap. */
    SPOOL_FULL("spool_full"),
    /** Writing to the spool failed (disk error). */
    SPOOL_ERROR("spool_error"),
    /**
     * Lost to a damaged spool segment: each record skipped after a frame found corrupt while the
     * publisher runs, or once per torn segment tail found at start (e.g. after a crash).
     */
    SPOOL_CORRUPT("spool_corrupt"),
    /** The encoded record was larger than the configured maximum. */
    TOO_LARGE("too_large"),
    /** The record could not be encoded. */
    ENCODE_ERROR("encode_error"),
    /** Kafka refused the record for good (e.g. too large for the broker, invalid topic). */
    REJECTED("rejected"),
    /** The publisher was already closed. */
    CLOSED("closed");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** The value of the {@code reason} label. */
    public String label() {
        return label;
    }
}
