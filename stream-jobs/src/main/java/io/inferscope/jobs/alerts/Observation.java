package io.inferscope.jobs.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import java.util.Map;
import java.util.TreeMap;

/**
 * A derived record as rules see it: its stream, scope, window, identity labels and (built once, on
 * first use) its JSON tree for metric paths.
 */
final class Observation {
    final MetricStream stream;
    final Object record;
    final Scope scope;
    final int windowS;
    final long startMs;
    final long endMs;
    final Map<String, String> labels;
    private JsonNode tree;

    private Observation(
            MetricStream stream,
            Object record,
            Scope scope,
            int windowS,
            long startMs,
            long endMs,
            Labels labels,
            String extraName,
            String extraValue) {
        this.stream = stream;
        this.record = record;
        this.scope = scope;
        this.windowS = windowS;
        this.startMs = startMs;
        this.endMs = endMs;
        this.labels = labelMap(labels, extraName, extraValue);
    }

    static Observation of(Signal s) {
        if (s.requests != null) {
            RequestMetrics m = s.requests;
            return new Observation(
                    MetricStream.REQUESTS,
                    m,
                    m.scope(),
                    m.windowS(),
                    m.windowStartMs(),
                    m.windowEndMs(),
                    m.labels(),
                    null,
                    null);
        } else if (s.gpu != null) {
            GpuMetrics m = s.gpu;
            return new Observation(
                    MetricStream.GPU,
                    m,
                    m.scope(),
                    m.windowS(),
                    m.windowStartMs(),
                    m.windowEndMs(),
                    m.labels(),
                    "gpu_uuid",
                    m.gpuUuid());
        } else if (s.cluster != null) {
            ClusterMetrics m = s.cluster;
            return new Observation(
                    MetricStream.CLUSTER,
                    m,
                    null,
                    m.windowS(),
                    m.windowStartMs(),
                    m.windowEndMs(),
                    m.labels(),
                    null,
                    null);
        } else if (s.logs != null) {
            LogMetrics m = s.logs;
            return new Observation(
                    MetricStream.LOGS,
                    m,
                    m.scope(),
                    m.windowS(),
                    m.windowStartMs(),
                    m.windowEndMs(),
                    m.labels(),
                    "container",
                    m.container());
        }
        return null;
    }

    /** Whether this record is one a rule (or condition) with this filter reads. */
    boolean matches(MetricStream s, Scope wantedScope, int wantedWindowS) {
        return stream == s
                && windowS == wantedWindowS
                && (wantedScope == null || scope == wantedScope);
    }

    JsonNode tree() {
        if (tree == null) {
            tree = Codecs.mapper().valueToTree(record);
        }
        return tree;
    }

    /**
     * The value at {@code path}; null when the record has none (e.g. no TTFT in an idle window).
     */
    Double read(MetricPath path) {
        // Not "? 0.0 : read()": a mixed double/Double conditional unboxes the null and throws.
        if (path.fields.isEmpty()) {
            return 0.0;
        }
        return path.read(tree());
    }

    private static Map<String, String> labelMap(Labels l, String extraName, String extraValue) {
        Map<String, String> m = new TreeMap<>();
        put(m, "cluster", l.cluster());
        put(m, "namespace", l.namespace());
        put(m, "deployment", l.deployment());
        put(m, "model", l.model());
        put(m, "replica", l.replica());
        put(m, "node", l.node());
        if (extraName != null) {
            put(m, extraName, extraValue);
        }
        return m;
    }

    static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }
}
