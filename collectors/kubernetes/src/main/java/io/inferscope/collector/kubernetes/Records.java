package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;

/** Builds the {@link K8sRecord} envelope around one body: exactly the body of its kind is set. */
public final class Records {
    private Records() {}

    /** A record of an API object: uid, namespace and name from its metadata. */
    public static K8sRecord of(
            Kind kind, long tsMs, Action action, String cluster, HasMetadata obj, Object body) {
        ObjectMeta m = obj.getMetadata();
        return of(kind, tsMs, action, m.getUid(), cluster, m.getNamespace(), m.getName(), body);
    }

    public static K8sRecord of(
            Kind kind,
            long tsMs,
            Action action,
            String uid,
            String cluster,
            String namespace,
            String name,
            Object body) {
        return new K8sRecord(
                kind,
                tsMs,
                action,
                uid,
                cluster,
                namespace,
                name,
                kind == Kind.POD ? (K8sRecord.Pod) body : null,
                kind == Kind.DEPLOYMENT ? (K8sRecord.Deployment) body : null,
                kind == Kind.HPA ? (K8sRecord.Hpa) body : null,
                kind == Kind.QUOTA ? (K8sRecord.Quota) body : null,
                kind == Kind.EVENT ? (K8sRecord.Event) body : null,
                kind == Kind.USAGE ? (K8sRecord.Usage) body : null);
    }

    /** The same record at another time and with another action. */
    public static K8sRecord with(K8sRecord r, long tsMs, Action action) {
        return new K8sRecord(
                r.kind(),
                tsMs,
                action,
                r.uid(),
                r.cluster(),
                r.namespace(),
                r.name(),
                r.pod(),
                r.deployment(),
                r.hpa(),
                r.quota(),
                r.event(),
                r.usage());
    }
}
