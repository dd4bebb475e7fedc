package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;

/**
 * Resolves the Deployment an object belongs to by walking {@code ownerReferences}: Pod → ReplicaSet
 * (looked up in the ReplicaSet informer's cache, never by an API call) → Deployment. When the
 * ReplicaSet is not cached yet (it and its first pods arrive on different watches), the Deployment
 * controller's naming convention {@code <deployment>-<pod-template-hash>} is the fallback.
 */
final class Owners {
    static final String POD_TEMPLATE_HASH = "pod-template-hash";

    /** Cached objects by namespace and name; null when not known. */
    interface Lookup {
        ReplicaSetView replicaSet(String namespace, String name);

        PodView pod(String namespace, String name);

        HpaView hpa(String namespace, String name);
    }

    private final Lookup lookup;

    Owners(Lookup lookup) {
        this.lookup = lookup;
    }

    /** The Deployment owning this pod through its ReplicaSet, or null. */
    String deploymentOf(PodView pod) {
        ObjectMeta meta = pod.getMetadata();
        OwnerReference owner = controller(meta);
        if (owner == null || !"ReplicaSet".equals(owner.getKind())) {
            return null;
        }
        ReplicaSetView rs = lookup.replicaSet(meta.getNamespace(), owner.getName());
        if (rs != null && sameObject(owner.getUid(), rs)) {
            return deploymentOf(rs);
        }
        Map<String, String> labels = meta.getLabels();
        String hash = labels == null ? null : labels.get(POD_TEMPLATE_HASH);
        String rsName = owner.getName();
        if (hash != null && !hash.isEmpty() && rsName.endsWith("-" + hash)) {
            return rsName.substring(0, rsName.length() - hash.length() - 1);
        }
        return null;
    }

    /** The Deployment controlling this ReplicaSet, or null. */
    String deploymentOf(ReplicaSetView rs) {
        OwnerReference owner = controller(rs.getMetadata());
        return owner != null && "Deployment".equals(owner.getKind()) ? owner.getName() : null;
    }

    /** The Deployment an event's involved object belongs to, where the caches can tell. */
    String deploymentOf(EventView.Ref ref, String eventNamespace) {
        if (ref == null || ref.kind() == null || ref.name() == null) {
            return null;
        }
        String ns =
                ref.namespace() != null && !ref.namespace().isEmpty()
                        ? ref.namespace()
                        : eventNamespace;
        switch (ref.kind()) {
            case "Deployment":
                return ref.name();
            case "Pod":
                PodView pod = lookup.pod(ns, ref.name());
                return pod != null && sameObject(ref.uid(), pod) ? deploymentOf(pod) : null;
            case "ReplicaSet":
                ReplicaSetView rs = lookup.replicaSet(ns, ref.name());
                return rs != null ? deploymentOf(rs) : null;
            case "HorizontalPodAutoscaler":
                HpaView hpa = lookup.hpa(ns, ref.name());
                return hpa != null ? WorkloadMapping.targetDeployment(hpa) : null;
            default:
                return null;
        }
    }

    /** The owner marked {@code controller: true}; else the only owner; else null. */
    static OwnerReference controller(ObjectMeta meta) {
        List<OwnerReference> refs = meta == null ? null : meta.getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        for (OwnerReference r : refs) {
            if (Boolean.TRUE.equals(r.getController()) && r.getName() != null) {
                return r;
            }
        }
        return refs.size() == 1 && refs.get(0).getName() != null ? refs.get(0) : null;
    }

    /** A name can be reused by a new object; the uid tells, when the reference carries one. */
    private static boolean sameObject(String uid, HasMetadata obj) {
        return uid == null || uid.isEmpty() || uid.equals(obj.getMetadata().getUid());
    }
}
