package io.inferscope.jobs.alerts;

import io.inferscope.jobs.common.Ingested;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.RequestMetrics;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each input of the alert job into a {@link Signal}. Raw Kubernetes records are narrowed to
 * events and raw log lines to error and fatal lines here, before the shuffle: nothing else of those
 * topics is used.
 */
final class ToSignal {
    private ToSignal() {}

    static final class Requests implements FlatMapFunction<Ingested<RequestMetrics>, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Ingested<RequestMetrics> in, Collector<Signal> out) {
            out.collect(Signal.of(in.record));
        }
    }

    static final class Gpu implements FlatMapFunction<Ingested<GpuMetrics>, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Ingested<GpuMetrics> in, Collector<Signal> out) {
            out.collect(Signal.of(in.record));
        }
    }

    static final class Cluster implements FlatMapFunction<Ingested<ClusterMetrics>, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Ingested<ClusterMetrics> in, Collector<Signal> out) {
            out.collect(Signal.of(in.record));
        }
    }

    static final class Logs implements FlatMapFunction<Ingested<LogMetrics>, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Ingested<LogMetrics> in, Collector<Signal> out) {
            out.collect(Signal.of(in.record));
        }
    }

    static final class Events implements FlatMapFunction<Ingested<K8sRecord>, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Ingested<K8sRecord> in, Collector<Signal> out) {
            if (in.record.kind() == K8sRecord.Kind.EVENT) {
                out.collect(Signal.of(in.record));
            }
        }
    }

    static final class ErrorLines implements FlatMapFunction<Ingested<LogLine>, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Ingested<LogLine> in, Collector<Signal> out) {
            if (in.record.level().isErrorOrWorse()) {
                out.collect(Signal.of(in.record));
            }
        }
    }
}
