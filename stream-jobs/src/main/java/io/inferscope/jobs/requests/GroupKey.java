package io.inferscope.jobs.requests;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;

/**
 * The key of a metrics group as one string: the scope and the labels it groups by (cluster,
 * namespace, deployment, model; plus replica and node for scope {@code replica}), joined by the
 * ASCII unit separator. A string key hashes the same in every JVM (an enum's hash does not), and
 * the window functions read the output labels back from it, so no extra state holds them.
 */
public final class GroupKey {
    private static final char SEP = '\u001f';

    private GroupKey() {}

    public static String of(Scope scope, Labels l) {
        return of(
                scope,
                l.cluster(),
                l.namespace(),
                l.deployment(),
                l.model(),
                l.replica(),
                l.node());
    }

    static String of(
            Scope scope,
            String cluster,
            String namespace,
            String deployment,
            String model,
            String replica,
            String node) {
        StringBuilder sb = new StringBuilder(192).append(scope.wire());
        append(sb, cluster);
        append(sb, namespace);
        append(sb, deployment);
        append(sb, model);
        if (scope == Scope.REPLICA) {
            append(sb, replica);
            append(sb, node);
        }
        return sb.toString();
    }

    public static String of(RequestMetrics m) {
        return of(m.scope(), m.labels());
    }

    public static Scope scope(String key) {
        String wire = key.substring(0, indexOrEnd(key));
        for (Scope s : Scope.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a group key: " + key);
    }

    public static Labels labels(String key) {
        String[] p = key.split(String.valueOf(SEP), -1);
        return new Labels(part(p, 1), part(p, 2), part(p, 3), part(p, 4), part(p, 5), part(p, 6));
    }

    /** The Kafka key of a derived record: {@code deployment/model[/replica]}. */
    public static String kafkaKey(RequestMetrics m) {
        String dm = m.labels().deploymentModelKey();
        return m.scope() == Scope.REPLICA ? dm + "/" + m.labels().replica() : dm;
    }

    private static void append(StringBuilder sb, String v) {
        sb.append(SEP);
        if (v != null) {
            sb.append(v);
        }
    }

    private static String part(String[] p, int i) {
        return i < p.length && !p[i].isEmpty() ? p[i] : null;
    }

    private static int indexOrEnd(String key) {
        int i = key.indexOf(SEP);
        return i < 0 ? key.length() : i;
    }
}
