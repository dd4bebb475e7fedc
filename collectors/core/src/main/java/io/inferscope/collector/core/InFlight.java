package io.inferscope.collector.core;

/** A record handed to the Kafka producer, and the outcome the producer reported for it. */
final class InFlight {
    final Envelope envelope;

    /** Where the record sits in the spool; null for a record sent straight from the queue. */
    final Spool.Position position;

    final long weight;

    /** Acknowledged, or dropped for good: needs no resend. */
    boolean done;

    /** An outcome was processed; the producer may report a second one, which is ignored. */
    boolean resolved;

    InFlight(Envelope envelope, Spool.Position position) {
        this.envelope = envelope;
        this.position = position;
        this.weight = envelope.weight();
    }

    boolean fromSpool() {
        return position != null;
    }

    /**
     * The producer callback's outcome; {@code error} is null on success. {@code handed} is false
     * when the producer refused the record inside {@code send()}, before it could be written.
     */
    record Completion(InFlight record, Exception error, boolean handed) {}
}
