package io.inferscope.collector.core;

/** One encoded record on its way to Kafka: topic, key bytes (may be null) and value bytes. */
record Envelope(String topic, byte[] key, byte[] value) {

    /** Rough heap/producer-buffer cost, used for the in-flight window. */
    long weight() {
        return 64L + topic.length() + (key == null ? 0 : key.length) + value.length;
    }
}
