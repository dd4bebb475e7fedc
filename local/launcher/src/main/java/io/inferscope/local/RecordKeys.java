package io.inferscope.local;

import io.inferscope.schemas.Alert;
import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.LogMetrics;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.RuleStatus;
import io.inferscope.schemas.Scope;
import io.inferscope.schemas.TokenProgress;

/**
 * The Kafka key of a record, as the topic catalog describes it ({@code TopicSpec.key()}): request
 * and token records by request id, GPU records by GPU UUID, Kubernetes records by object UID, log
 * lines by {@code namespace/pod/container}, derived records by their group.
 */
final class RecordKeys {
    private RecordKeys() {}

    static String of(Object record) {
        if (record instanceof RequestEvent r) {
            return r.requestId();
        } else if (record instanceof TokenProgress r) {
            return r.requestId();
        } else if (record instanceof GpuRecord r) {
            return r.gpuUuid();
        } else if (record instanceof K8sRecord r) {
            return r.uid();
        } else if (record instanceof LogLine r) {
            return podContainer(r.labels(), r.container());
        } else if (record instanceof RequestMetrics r) {
            String key = r.labels().deploymentModelKey();
            return r.scope() == Scope.REPLICA ? key + "/" + dash(r.labels().replica()) : key;
        } else if (record instanceof GpuMetrics r) {
            return switch (r.scope()) {
                case GPU -> r.gpuUuid();
                case NODE -> dash(r.labels().node());
                default -> nsDeployment(r.labels());
            };
        } else if (record instanceof ClusterMetrics r) {
            return nsDeployment(r.labels());
        } else if (record instanceof LogMetrics r) {
            return r.scope() == Scope.CONTAINER
                    ? podContainer(r.labels(), r.container())
                    : nsDeployment(r.labels());
        } else if (record instanceof Alert r) {
            return r.fingerprint();
        } else if (record instanceof AlertRule r) {
            return r.name();
        } else if (record instanceof RuleStatus r) {
            return r.rule();
        } else if (record instanceof DeadLetter r) {
            return r.sourceTopic() == null ? r.source() : r.sourceTopic();
        }
        throw new IllegalArgumentException("no key rule for " + record.getClass().getName());
    }

    private static String podContainer(Labels l, String container) {
        return dash(l.namespace()) + "/" + dash(l.replica()) + "/" + dash(container);
    }

    private static String nsDeployment(Labels l) {
        return dash(l.namespace()) + "/" + dash(l.deployment());
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
