package io.inferscope.logsearch;

import io.inferscope.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Settings of a {@link LogStore}: where to read lines from and how to keep them.
 *
 * @param bootstrap Kafka bootstrap servers (default {@value #DEFAULT_BOOTSTRAP})
 * @param kafkaProperties extra Kafka client properties (security.protocol, SASL, TLS...), applied
 *     over the defaults; never logged
 * @param groupId consumer group (default {@value #DEFAULT_GROUP}); each console instance that keeps
 *     its own complete index needs its own group
 * @param topic the topic of {@code LogLine}s (default {@code inferscope.raw.logs})
 * @param commitInterval how often the index is committed and then the offsets (default 2 s): the
 *     most a crash makes the indexer read again
 * @param index the index settings: data directory, period, retention, refresh
 */
public record LogStoreConfig(
        String bootstrap,
        Map<String, String> kafkaProperties,
        String groupId,
        String topic,
        Duration commitInterval,
        LogIndexConfig index) {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final String DEFAULT_GROUP = "inferscope-logsearch";

    public LogStoreConfig {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(index, "index");
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("commitInterval must be > 0");
        }
    }

    public static Builder builder(String bootstrap, Path dataDir) {
        return new Builder(bootstrap, dataDir);
    }

    /** Consumer properties: the extra properties over bootstrap and group. */
    Properties consumerProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", groupId);
        p.put("client.id", groupId + "-indexer");
        p.putAll(kafkaProperties);
        return p;
    }

    /** Builds a {@link LogStoreConfig}; unset values are the defaults listed on the record. */
    public static final class Builder {
        private final String bootstrap;
        private final Map<String, String> kafka = new LinkedHashMap<>();
        private String groupId = DEFAULT_GROUP;
        private String topic = Topics.RAW_LOGS.name();
        private Duration commitInterval = Duration.ofSeconds(2);
        private LogIndexConfig index;

        private Builder(String bootstrap, Path dataDir) {
            this.bootstrap = bootstrap;
            this.index = LogIndexConfig.defaults(dataDir);
        }

        public Builder kafkaProperties(Map<String, String> props) {
            kafka.putAll(props);
            return this;
        }

        public Builder kafkaProperties(Properties props) {
            props.stringPropertyNames().forEach(k -> kafka.put(k, props.getProperty(k)));
            return this;
        }

        public Builder groupId(String g) {
            this.groupId = g;
            return this;
        }

        public Builder topic(String t) {
            this.topic = t;
            return this;
        }

        public Builder commitInterval(Duration d) {
            this.commitInterval = d;
            return this;
        }

        public Builder period(Duration p) {
            index = index.withPeriod(p);
            return this;
        }

        /**
         * @param maxBytes 0 for no size bound
         */
        public Builder retention(Duration age, long maxBytes) {
            index = index.withRetention(age, maxBytes);
            return this;
        }

        public Builder refreshInterval(Duration d) {
            index = index.withIntervals(d, index.retentionCheckInterval());
            return this;
        }

        public Builder clock(Clock c) {
            index = index.withClock(c);
            return this;
        }

        /** Replaces every index setting (the data directory included). */
        public Builder index(LogIndexConfig c) {
            this.index = c;
            return this;
        }

        public LogStoreConfig build() {
            return new LogStoreConfig(bootstrap, kafka, groupId, topic, commitInterval, index);
        }
    }
}
