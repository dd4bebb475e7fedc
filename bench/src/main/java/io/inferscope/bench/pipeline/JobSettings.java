package io.inferscope.bench.pipeline;

import io.inferscope.jobs.common.JobConfig;
import java.time.Duration;

/**
 * The request job's settings under test. {@link #DEMO}: what {@code inferscope demo} runs; {@link
 * #CLUSTER_DEFAULTS}: the job's defaults on a cluster.
 */
record JobSettings(
        String label,
        Duration outOfOrderness,
        Duration allowedLateness,
        Duration checkpointInterval,
        Duration idleness,
        int parallelism) {

    static final JobSettings DEMO =
            new JobSettings(
                    "demo",
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(5),
                    2);
    static final JobSettings CLUSTER_DEFAULTS =
            new JobSettings(
                    "cluster defaults",
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    2);

    /** Out-of-orderness + allowed lateness: a window is final no sooner than this after its end. */
    long watermarkDelayMs() {
        return outOfOrderness.toMillis() + allowedLateness.toMillis();
    }

    /** System properties {@code bench.job.kafka.NAME=VALUE} become Kafka client properties. */
    static final String KAFKA_PREFIX = "bench.job.kafka.";

    /** The jobs' extra Kafka client properties (as {@code --kafka-config} would give them). */
    static java.util.Map<String, String> kafkaOverrides() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(KAFKA_PREFIX)) {
                out.put(name.substring(KAFKA_PREFIX.length()), System.getProperty(name));
            }
        }
        return out;
    }

    /** A job config with its own consumer group and transactional ids ({@code id}). */
    JobConfig jobConfig(String bootstrap, String id) {
        return JobConfig.builder()
                .kafkaProperties(kafkaOverrides())
                .bootstrapServers(bootstrap)
                .groupId(id)
                .transactionalIdPrefix(id)
                .window(Duration.ofMillis(Traffic.WINDOW_MS))
                .outOfOrderness(outOfOrderness)
                .allowedLateness(allowedLateness)
                .idleness(idleness)
                .checkpointInterval(checkpointInterval)
                .parallelism(parallelism)
                .build();
    }

    String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "out-of-orderness %d s, allowed lateness %d s, checkpoint %s s, idleness %d s,"
                        + " parallelism %d, exactly-once",
                outOfOrderness.toSeconds(),
                allowedLateness.toSeconds(),
                new java.math.BigDecimal(checkpointInterval.toMillis())
                        .movePointLeft(3)
                        .stripTrailingZeros()
                        .toPlainString(),
                idleness.toSeconds(),
                parallelism);
    }
}
