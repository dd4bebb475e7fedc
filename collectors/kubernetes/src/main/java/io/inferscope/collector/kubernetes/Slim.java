package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the informer caches ({@link RecordStore}) keep of each API object beside its record: the
 * identity (namespace, name, uid, resourceVersion) and owners, which {@link Owners} and the usage
 * poller read, and for HPAs the fields {@link WorkloadMapping} reads (events about an HPA find its
 * deployment through it). Nothing maps a stub: resyncs and deletions publish the cached record.
 */
final class Slim {
    /**
     * Shared by every slim metadata instead of the empty {@code LinkedHashMap} fabric8 gives each
     * model object: nothing writes to a cached object.
     */
    private static final Map<String, Object> NONE = Collections.emptyMap();

    private Slim() {}

    /**
     * Low-cardinality strings (namespaces, owner kinds and names) as one instance each: the JVM's
     * string table holds them weakly.
     */
    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    /** Pods: identity, owners and the {@code pod-template-hash} label (the owner fallback). */
    static PodView podStub(PodView p) {
        PodView out = new PodView();
        out.setMetadata(meta(p.getMetadata(), true));
        return out;
    }

    /** ReplicaSets are a lookup table: identity and the owning Deployment. */
    static ReplicaSetView replicaSet(ReplicaSetView rs) {
        ReplicaSetView out = new ReplicaSetView();
        out.setMetadata(meta(rs.getMetadata(), false));
        return out;
    }

    static DeploymentView deploymentStub(DeploymentView d) {
        DeploymentView out = new DeploymentView();
        out.setMetadata(meta(d.getMetadata(), false));
        return out;
    }

    static QuotaView quotaStub(QuotaView q) {
        QuotaView out = new QuotaView();
        out.setMetadata(meta(q.getMetadata(), false));
        return out;
    }

    static EventView eventStub(EventView e) {
        EventView out = new EventView();
        out.setMetadata(meta(e.getMetadata(), false));
        return out;
    }

    /** HPAs keep their spec and status: they are a few small records. */
    static HpaView hpa(HpaView h) {
        HpaView out = new HpaView();
        out.setSpec(h.getSpec());
        out.setStatus(h.getStatus());
        out.setMetadata(meta(h.getMetadata(), false));
        return out;
    }

    /**
     * Identity (namespace, name, uid, resourceVersion) and owners; of the labels only the one that
     * {@link Owners} falls back on ({@code pod-template-hash}, pods only). No creation time (the
     * cached record has it), annotations or managedFields.
     */
    private static ObjectMeta meta(ObjectMeta m, boolean keepTemplateHash) {
        if (m == null) {
            return null;
        }
        ObjectMeta out = new ObjectMeta();
        out.setAdditionalProperties(NONE);
        out.setNamespace(intern(m.getNamespace()));
        out.setName(m.getName());
        out.setUid(m.getUid());
        out.setResourceVersion(m.getResourceVersion());
        out.setOwnerReferences(list(m.getOwnerReferences(), Slim::owner));
        Map<String, String> labels = m.getLabels();
        String hash = labels == null ? null : labels.get(Owners.POD_TEMPLATE_HASH);
        if (keepTemplateHash && hash != null) {
            out.setLabels(Map.of(Owners.POD_TEMPLATE_HASH, hash));
        } else {
            out.setLabels(null);
        }
        out.setAnnotations(null);
        out.setManagedFields(null);
        out.setFinalizers(null);
        return out;
    }

    private static OwnerReference owner(OwnerReference r) {
        OwnerReference out = new OwnerReference();
        out.setAdditionalProperties(NONE);
        out.setKind(intern(r.getKind()));
        out.setName(intern(r.getName())); // a ReplicaSet's name is shared by all its pods
        out.setUid(r.getUid());
        out.setController(r.getController());
        return out;
    }

    private static <A, B> List<B> list(List<A> in, Function<A, B> copy) {
        if (in == null) {
            return null;
        }
        List<B> out = new ArrayList<>(in.size());
        for (A a : in) {
            if (a != null) {
                out.add(copy.apply(a));
            }
        }
        return out;
    }
}
