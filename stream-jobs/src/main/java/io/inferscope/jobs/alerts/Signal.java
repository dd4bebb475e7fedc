package io.inferscope.jobs.alerts;

import io.inferscope.jobs.common.CodecTypeInfo;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.RequestMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * One input of the alert evaluator: a derived record, or a Kubernetes event or error log line
 * (evidence, and the input of event rules). Exactly one field is set. {@link #key} is the
 * evaluator's key, {@code namespace/deployment}: every stream of one deployment meets in one place,
 * which is what composite rules and evidence need.
 */
public final class Signal {
    public String key;
    public RequestMetrics requests;
    public GpuMetrics gpu;
    public ClusterMetrics cluster;
    public LogMetrics logs;
    public K8sRecord event;
    public LogLine line;

    public Signal() {}

    static String key(String namespace, String deployment) {
        return orDash(namespace) + "/" + orDash(deployment);
    }

    static String key(Labels labels) {
        return key(labels.namespace(), labels.deployment());
    }

    public static Signal of(RequestMetrics m) {
        Signal s = new Signal();
        s.requests = m;
        s.key = key(m.labels());
        return s;
    }

    public static Signal of(GpuMetrics m) {
        Signal s = new Signal();
        s.gpu = m;
        s.key = key(m.labels());
        return s;
    }

    public static Signal of(ClusterMetrics m) {
        Signal s = new Signal();
        s.cluster = m;
        s.key = key(m.labels());
        return s;
    }

    public static Signal of(LogMetrics m) {
        Signal s = new Signal();
        s.logs = m;
        s.key = key(m.labels());
        return s;
    }

    /** A Kubernetes record of kind event. */
    public static Signal of(K8sRecord event) {
        Signal s = new Signal();
        s.event = event;
        s.key = key(event.namespace(), event.event().deployment());
        return s;
    }

    public static Signal of(LogLine line) {
        Signal s = new Signal();
        s.line = line;
        s.key = key(line.labels());
        return s;
    }

    /** The derived stream of this signal, or null for an event or a log line. */
    MetricStream stream() {
        if (requests != null) {
            return MetricStream.REQUESTS;
        } else if (gpu != null) {
            return MetricStream.GPU;
        } else if (cluster != null) {
            return MetricStream.CLUSTER;
        } else if (logs != null) {
            return MetricStream.LOGS;
        }
        return null;
    }

    /** The derived record of this signal, or null. */
    Object metrics() {
        return requests != null ? requests : gpu != null ? gpu : cluster != null ? cluster : logs;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** A POJO type whose record fields are serialized by their codecs (no Kryo). */
    public static TypeInformation<Signal> typeInfo() {
        try {
            List<PojoField> fields = new ArrayList<>();
            fields.add(new PojoField(Signal.class.getField("key"), Types.STRING));
            fields.add(field("requests", RequestMetrics.class));
            fields.add(field("gpu", GpuMetrics.class));
            fields.add(field("cluster", ClusterMetrics.class));
            fields.add(field("logs", LogMetrics.class));
            fields.add(field("event", K8sRecord.class));
            fields.add(field("line", LogLine.class));
            return new PojoTypeInfo<>(Signal.class, fields);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> PojoField field(String name, Class<T> type) throws NoSuchFieldException {
        return new PojoField(Signal.class.getField(name), CodecTypeInfo.of(type));
    }

    @Override
    public String toString() {
        Object body = metrics() != null ? metrics() : event != null ? event : line;
        return "Signal[" + key + ", " + body + "]";
    }
}
