package io.inferscope.bench.pipeline;

import io.inferscope.collector.core.Publisher;
import io.inferscope.jobs.common.Ingested;
import io.inferscope.jobs.common.JobConfig;
import io.inferscope.jobs.common.JobEnvironment;
import io.inferscope.jobs.common.KafkaIo;
import io.inferscope.jobs.common.RouteIngested;
import io.inferscope.jobs.requests.StringKeySerializer;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TopicSpec;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The floor under the pipeline's throughput: the same publisher, broker, topic layout, records and
 * Flink settings as {@link ThroughputRun}, but a job that stops after what every job on raw records
 * must do first — the Kafka source (read_committed, per-partition watermarks, checkpoints),
 * decoding and validating each record, routing refused ones — and then only counts. No keyed state,
 * no shuffle, no windows, no output topic. The request job can be no faster than this on the same
 * machine, so its records/s ÷ the bare-Kafka baseline bounds the ratio any request job can reach.
 *
 * <p>{@link Variant#SHUFFLED} adds one step of the request job: the keyed shuffle by request id
 * that every record crosses to reach the request lifecycle (serialization, the network stack,
 * checkpoint barriers aligned over both inputs), still with no state. The step from that variant to
 * the request job is what the lifecycle, windows and sink cost; the step below it is the shuffle.
 *
 * <p>The count lives in this JVM ({@link #COUNTED}): the MiniCluster runs the job's tasks here.
 */
final class FloorRun {
    static final TopicSpec<RequestEvent> FLOOR_REQUESTS =
            Traffic.requestTopic("bench.floor.requests");

    private static final LongAdder COUNTED = new LongAdder();

    /** How much of the request job the floor job has. */
    enum Variant {
        SOURCE_ONLY("source + decode only"),
        SHUFFLED("source + decode + keyed shuffle by request id");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** What one batch measured. */
    record Result(long records, double seconds, double publishSeconds, long counted) {
        boolean complete() {
            return counted >= records;
        }

        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private FloorRun() {}

    /** Starts the floor job on {@code flink}, reading {@link #FLOOR_REQUESTS} from its end. */
    static JobID start(BenchFlink flink, JobSettings settings, String bootstrap, Variant variant)
            throws Exception {
        JobConfig config = settings.jobConfig(bootstrap, "bench-floor");
        StreamExecutionEnvironment env = flink.newEnvironment(settings.parallelism());
        JobEnvironment.ensureCheckpointing(env, config);
        DataStreamSource<Ingested<RequestEvent>> raw =
                env.fromSource(
                        KafkaIo.sourceBuilder(config, FLOOR_REQUESTS, RequestEvent::tsMs, "floor")
                                .setStartingOffsets(OffsetsInitializer.latest())
                                .build(),
                        JobEnvironment.watermarks(config, RequestEvent::tsMs),
                        "raw requests",
                        Ingested.typeInfo(RequestEvent.class));
        raw.uid("raw-requests-source");
        DataStream<Ingested<RequestEvent>> routed =
                raw.process(new RouteIngested<>(), Ingested.typeInfo(RequestEvent.class))
                        .uid("route-requests")
                        .name("route requests");
        if (variant == Variant.SHUFFLED) {
            // The request job's first keyBy, with its key serializer; the count is the consumer.
            routed = routed.keyBy(in -> in.record.requestId(), StringKeySerializer.TYPE);
        }
        routed.sinkTo(new CountingSink()).uid("count").name("count");
        return flink.submitAndAwaitRunning(env, "pipeline floor", Duration.ofSeconds(90));
    }

    /** Publishes one batch like {@link ThroughputRun#batch} and waits until the job counted it. */
    static Result batch(
            Publisher publisher, String idPrefix, long firstStartMs, long records, Duration timeout)
            throws InterruptedException {
        RequestTraffic traffic =
                new RequestTraffic(
                        idPrefix,
                        firstStartMs,
                        ThroughputRun.SPACING_MS,
                        records / 2,
                        idPrefix.hashCode());
        COUNTED.reset();
        long start = System.nanoTime();
        Traffic.publishAll(publisher, FLOOR_REQUESTS, traffic);
        publisher.flush(timeout);
        long published = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (COUNTED.sum() < records && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long end = System.nanoTime();
        return new Result(records, (end - start) / 1e9, (published - start) / 1e9, COUNTED.sum());
    }

    /** Counts what reaches it; nothing is written anywhere. */
    private static final class CountingSink implements Sink<Ingested<RequestEvent>> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Ingested<RequestEvent>> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Ingested<RequestEvent> element, Context context) {
                    COUNTED.increment();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
