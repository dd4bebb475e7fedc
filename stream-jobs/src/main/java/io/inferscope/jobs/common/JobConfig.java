package io.inferscope.jobs.common;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The options of a stream job, with defaults. Read from the command line by {@link
 * #fromArgs(String[])} ({@code --name value} or {@code --name=value}):
 *
 * <ul>
 *   <li>{@code --bootstrap-servers} Kafka bootstrap servers (default {@code localhost:9092}).
 *   <li>{@code --kafka-config FILE} any Kafka client properties (security, SASL, TLS) passed to
 *       every source and sink; values are never logged.
 *   <li>{@code --group-id} consumer group of the sources (default {@code inferscope-<job>}).
 *   <li>{@code --transactional-id-prefix} prefix of the sink transactions (default {@code
 *       inferscope-<job>}); must be unique per job on one Kafka cluster and stable across restarts.
 *   <li>{@code --window} tumbling window length (default {@code 10s}).
 *   <li>{@code --out-of-orderness} watermark bound (default {@code 2s}).
 *   <li>{@code --idleness} a partition without records for this long stops holding back the
 *       watermark (default {@code 5s}).
 *   <li>{@code --allowed-lateness} how long after its end a window waits for stragglers; later
 *       records are dead-lettered (default {@code 30s}).
 *   <li>{@code --lost-ttl} a request with no end after this long is closed as {@code lost} (default
 *       {@code 10m}).
 *   <li>{@code --future-tolerance} records more than this ahead of the wall clock are dead-lettered
 *       (default {@code 5m}).
 *   <li>{@code --slo-ttft-ms}, {@code --slo-e2e-ms} goodput thresholds (default 2000 and 30000).
 *   <li>{@code --stuck-after} cluster job: a pod Pending or not Ready for longer than this is stuck
 *       (default {@code 2m}).
 *   <li>{@code --state-ttl} cluster job: a deleted deployment with no pods is forgotten after this
 *       (default {@code 10m}).
 *   <li>{@code --checkpoint-interval} exactly-once checkpoint interval (default {@code 5s}).
 *   <li>{@code --parallelism} operator parallelism; 0 keeps the environment's (default 0).
 * </ul>
 *
 * Durations take {@code ms}, {@code s}, {@code m}/{@code min} or {@code h} suffixes, or ISO-8601.
 */
public record JobConfig(
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String groupId,
        String transactionalIdPrefix,
        Duration window,
        Duration outOfOrderness,
        Duration idleness,
        Duration allowedLateness,
        Duration lostTtl,
        Duration futureTolerance,
        double sloTtftMs,
        double sloE2eMs,
        Duration checkpointInterval,
        int parallelism,
        Duration stuckAfter,
        Duration stateTtl)
        implements Serializable {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final String DEFAULT_ID = "inferscope-request-metrics";

    public JobConfig {
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
        if (window.toMillis() <= 0 || 1000 * (window.toMillis() / 1000) != window.toMillis()) {
            throw new IllegalArgumentException("window must be a whole number of seconds > 0");
        }
        if (outOfOrderness.isNegative() || allowedLateness.isNegative() || idleness.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (lostTtl.toMillis() <= 0 || checkpointInterval.toMillis() <= 0) {
            throw new IllegalArgumentException("lost-ttl and checkpoint-interval must be > 0");
        }
        if (stuckAfter.isNegative() || stateTtl.toMillis() <= 0) {
            throw new IllegalArgumentException("stuck-after must be >= 0 and state-ttl > 0");
        }
    }

    /**
     * This config for the job named {@code job} (e.g. {@code gpu-metrics}): a consumer group and
     * transactional-id prefix still at the request job's defaults become {@code inferscope-<job>},
     * so jobs started from one default config never share them.
     */
    public JobConfig forJob(String job) {
        Builder b = toBuilder();
        if (groupId.equals(DEFAULT_ID)) {
            b.groupId("inferscope-" + job);
        }
        if (transactionalIdPrefix.equals(DEFAULT_ID)) {
            b.transactionalIdPrefix("inferscope-" + job);
        }
        return b.build();
    }

    public static JobConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public long windowMs() {
        return window.toMillis();
    }

    /** The properties of every Kafka client: {@code --kafka-config} plus the bootstrap servers. */
    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        p.putAll(kafkaProperties);
        p.setProperty("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** Parses {@code --name value} options; unknown options are an error, not ignored. */
    public static JobConfig fromArgs(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + a);
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                opts.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                opts.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + a);
            }
        }
        Builder b = builder();
        for (Map.Entry<String, String> e : opts.entrySet()) {
            b.set(e.getKey(), e.getValue());
        }
        return b.build();
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
        }
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        double n = Double.parseDouble(t.substring(0, i));
        String unit = t.substring(i).trim();
        double ms =
                switch (unit) {
                    case "ms" -> n;
                    case "", "s" -> n * 1000;
                    case "m", "min" -> n * 60_000;
                    case "h" -> n * 3_600_000;
                    default -> throw new IllegalArgumentException("bad duration: " + text);
                };
        return Duration.ofMillis(Math.round(ms));
    }

    /** A mutable builder; every option has a default. */
    public static final class Builder {
        private String bootstrapServers = DEFAULT_BOOTSTRAP;
        private Map<String, String> kafkaProperties = Map.of();
        private String groupId = DEFAULT_ID;
        private String transactionalIdPrefix = DEFAULT_ID;
        private Duration window = Duration.ofSeconds(10);
        private Duration outOfOrderness = Duration.ofSeconds(2);
        private Duration idleness = Duration.ofSeconds(5);
        private Duration allowedLateness = Duration.ofSeconds(30);
        private Duration lostTtl = Duration.ofMinutes(10);
        private Duration futureTolerance = Duration.ofMinutes(5);
        private double sloTtftMs = 2000;
        private double sloE2eMs = 30_000;
        private Duration checkpointInterval = Duration.ofSeconds(5);
        private int parallelism = 0;
        private Duration stuckAfter = Duration.ofMinutes(2);
        private Duration stateTtl = Duration.ofMinutes(10);

        private Builder() {}

        private Builder(JobConfig c) {
            bootstrapServers = c.bootstrapServers;
            kafkaProperties = c.kafkaProperties;
            groupId = c.groupId;
            transactionalIdPrefix = c.transactionalIdPrefix;
            window = c.window;
            outOfOrderness = c.outOfOrderness;
            idleness = c.idleness;
            allowedLateness = c.allowedLateness;
            lostTtl = c.lostTtl;
            futureTolerance = c.futureTolerance;
            sloTtftMs = c.sloTtftMs;
            sloE2eMs = c.sloE2eMs;
            checkpointInterval = c.checkpointInterval;
            parallelism = c.parallelism;
            stuckAfter = c.stuckAfter;
            stateTtl = c.stateTtl;
        }

        Builder set(String name, String value) throws IOException {
            switch (name) {
                case "bootstrap-servers" -> bootstrapServers = value;
                case "kafka-config" -> kafkaProperties = readProperties(Path.of(value));
                case "group-id" -> groupId = value;
                case "transactional-id-prefix" -> transactionalIdPrefix = value;
                case "window" -> window = parseDuration(value);
                case "out-of-orderness" -> outOfOrderness = parseDuration(value);
                case "idleness" -> idleness = parseDuration(value);
                case "allowed-lateness" -> allowedLateness = parseDuration(value);
                case "lost-ttl" -> lostTtl = parseDuration(value);
                case "future-tolerance" -> futureTolerance = parseDuration(value);
                case "slo-ttft-ms" -> sloTtftMs = Double.parseDouble(value);
                case "slo-e2e-ms" -> sloE2eMs = Double.parseDouble(value);
                case "checkpoint-interval" -> checkpointInterval = parseDuration(value);
                case "parallelism" -> parallelism = Integer.parseInt(value);
                case "stuck-after" -> stuckAfter = parseDuration(value);
                case "state-ttl" -> stateTtl = parseDuration(value);
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
            return this;
        }

        private static Map<String, String> readProperties(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            Map<String, String> out = new LinkedHashMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        }

        public Builder bootstrapServers(String v) {
            bootstrapServers = v;
            return this;
        }

        public Builder kafkaProperties(Map<String, String> v) {
            kafkaProperties = v;
            return this;
        }

        public Builder groupId(String v) {
            groupId = v;
            return this;
        }

        public Builder transactionalIdPrefix(String v) {
            transactionalIdPrefix = v;
            return this;
        }

        public Builder window(Duration v) {
            window = v;
            return this;
        }

        public Builder outOfOrderness(Duration v) {
            outOfOrderness = v;
            return this;
        }

        public Builder idleness(Duration v) {
            idleness = v;
            return this;
        }

        public Builder allowedLateness(Duration v) {
            allowedLateness = v;
            return this;
        }

        public Builder lostTtl(Duration v) {
            lostTtl = v;
            return this;
        }

        public Builder futureTolerance(Duration v) {
            futureTolerance = v;
            return this;
        }

        public Builder slo(double ttftMs, double e2eMs) {
            sloTtftMs = ttftMs;
            sloE2eMs = e2eMs;
            return this;
        }

        public Builder checkpointInterval(Duration v) {
            checkpointInterval = v;
            return this;
        }

        public Builder parallelism(int v) {
            parallelism = v;
            return this;
        }

        public Builder stuckAfter(Duration v) {
            stuckAfter = v;
            return this;
        }

        public Builder stateTtl(Duration v) {
            stateTtl = v;
            return this;
        }

        public JobConfig build() {
            String bootstrap = bootstrapServers;
            if (bootstrap.equals(DEFAULT_BOOTSTRAP)
                    && kafkaProperties.containsKey("bootstrap.servers")) {
                bootstrap = kafkaProperties.get("bootstrap.servers"); // from --kafka-config
            }
            return new JobConfig(
                    bootstrap,
                    kafkaProperties,
                    groupId,
                    transactionalIdPrefix,
                    window,
                    outOfOrderness,
                    idleness,
                    allowedLateness,
                    lostTtl,
                    futureTolerance,
                    sloTtftMs,
                    sloE2eMs,
                    checkpointInterval,
                    parallelism,
                    stuckAfter,
                    stateTtl);
        }
    }

    /** Never prints Kafka property values: they may hold passwords. */
    @Override
    public String toString() {
        return "JobConfig[bootstrap="
                + bootstrapServers
                + ", kafkaProperties="
                + kafkaProperties.keySet()
                + ", groupId="
                + groupId
                + ", window="
                + window
                + ", outOfOrderness="
                + outOfOrderness
                + ", idleness="
                + idleness
                + ", allowedLateness="
                + allowedLateness
                + ", lostTtl="
                + lostTtl
                + ", slo=("
                + sloTtftMs
                + " ms ttft, "
                + sloE2eMs
                + " ms e2e), checkpointInterval="
                + checkpointInterval
                + ", parallelism="
                + parallelism
                + ", stuckAfter="
                + stuckAfter
                + ", stateTtl="
                + stateTtl
                + "]";
    }
}
