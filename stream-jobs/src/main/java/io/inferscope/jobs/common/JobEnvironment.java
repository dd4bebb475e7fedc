package io.inferscope.jobs.common;

import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.Topics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Environment and watermark settings shared by the stream jobs. */
public final class JobEnvironment {
    private JobEnvironment() {}

    /**
     * Exactly-once checkpoints every {@code --checkpoint-interval}, unless the caller already
     * enabled checkpointing (the launcher runs several jobs on one environment).
     */
    public static void ensureCheckpointing(StreamExecutionEnvironment env, JobConfig config) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(
                    config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
    }

    /**
     * Bounded out-of-orderness watermarks per Kafka partition, with idleness so a quiet partition
     * (or a topic with no traffic, such as token progress when nothing streams) does not hold
     * windows open. Refused records carry no event time: they must never move the watermark.
     */
    public static <T> WatermarkStrategy<Ingested<T>> watermarks(
            JobConfig config, EventTime<T> eventTime) {
        WatermarkStrategy<Ingested<T>> strategy =
                WatermarkStrategy.forBoundedOutOfOrderness(config.outOfOrderness());
        if (!config.idleness().isZero()) {
            strategy = strategy.withIdleness(config.idleness());
        }
        return strategy.withTimestampAssigner(
                (in, kafkaTs) -> in.isOk() ? eventTime.of(in.record) : Long.MIN_VALUE);
    }

    /** The dead-letter topic's key: the source topic, so one topic's refusals stay in order. */
    public static String deadLetterKey(DeadLetter dl) {
        return dl.sourceTopic() == null ? Topics.DEADLETTER.name() : dl.sourceTopic();
    }
}
