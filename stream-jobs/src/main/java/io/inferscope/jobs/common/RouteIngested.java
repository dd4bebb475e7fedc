package io.inferscope.jobs.common;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Right after a source: passes decoded records on, still in their {@link Ingested} envelope (so a
 * later refusal, such as lateness, can name the Kafka partition and offset), and sends the records
 * the deserializer refused to the {@link DeadLetters#TAG} side output.
 *
 * <p>Lateness is not decided here but after the streams are joined and keyed (see {@link
 * LateRecords}): only there is the watermark the one the windows use. A source subtask's own
 * watermark can lag behind it, e.g. when an idle partition resumes after the others moved on.
 *
 * <p>Metrics: {@code deadLettered}.
 */
public final class RouteIngested<T> extends ProcessFunction<Ingested<T>, Ingested<T>> {
    private static final long serialVersionUID = 1L;

    private transient Counter deadLettered;

    @Override
    public void open(OpenContext openContext) {
        deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
    }

    @Override
    public void processElement(Ingested<T> in, Context ctx, Collector<Ingested<T>> out) {
        if (in.isOk()) {
            out.collect(in);
        } else {
            deadLettered.inc();
            ctx.output(DeadLetters.TAG, in.deadLetter);
        }
    }
}
