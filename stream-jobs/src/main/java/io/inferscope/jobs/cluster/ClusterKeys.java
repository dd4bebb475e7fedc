package io.inferscope.jobs.cluster;

import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.Labels;

/**
 * Keys of the cluster job as strings joined by the ASCII unit separator (stable hashing across
 * JVMs): a deployment is {@code cluster␟namespace␟deployment}, a namespace {@code
 * cluster␟namespace}. The output labels are read back from the key, so no state holds them.
 */
public final class ClusterKeys {
    private static final String SEP = "\u001f";

    private ClusterKeys() {}

    /** The deployment a record belongs to, or null (quotas, and records of no deployment). */
    public static String deployment(K8sRecord r) {
        if (r.kind() == K8sRecord.Kind.QUOTA) {
            return null;
        }
        String d = r.owningDeployment();
        return d == null || d.isEmpty() ? null : join(r.cluster(), r.namespace(), d);
    }

    public static String namespace(K8sRecord r) {
        return join(r.cluster(), r.namespace());
    }

    public static String namespace(ClusterMetrics m) {
        return join(m.labels().cluster(), m.labels().namespace());
    }

    /** The labels (cluster, namespace, deployment) of a deployment key. */
    public static Labels labels(String deploymentKey) {
        String[] p = deploymentKey.split(SEP, -1);
        return new Labels(part(p, 0), part(p, 1), part(p, 2), null, null, null);
    }

    /** The Kafka key of an output record: {@code namespace/deployment}. */
    public static String kafkaKey(ClusterMetrics m) {
        return m.labels().namespace() + "/" + m.labels().deployment();
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(SEP);
            }
            sb.append(parts[i] == null ? "" : parts[i]);
        }
        return sb.toString();
    }

    private static String part(String[] p, int i) {
        return i < p.length && !p[i].isEmpty() ? p[i] : null;
    }
}
