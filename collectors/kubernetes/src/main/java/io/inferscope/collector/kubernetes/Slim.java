package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the informer caches ({@link RecordStore}) keep of each API object beside its record: the
 * identity (namespace, name, uid, resourceVersion) and owners, which {@link Owners} and the usage
 * poller read, and for HPAs the fields {@link WorkloadMapping} reads (events about an HPA find its
 * deployment through it). A pod as listed is ~15 KB on the heap (managedFields alone are often
 * half); its stub is a few hundred bytes. Nothing maps a stub: resyncs and deletions publish the
 * cached record.
 */
final class Slim {
    /**
     * Shared by every slim object instead of the empty {@code LinkedHashMap} fabric8 gives each
     * model object (~100,000 of them for 5,000 pods): nothing writes to a cached object.
     */
    private static final Map<String, Object> NONE = Collections.emptyMap();

    private Slim() {}

    /**
     * Low-cardinality strings (namespaces, node and container names, phases, condition types,
     * reasons) as one instance each: the JVM's string table holds them weakly.
     */
    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    /** Pods: identity, owners and the {@code pod-template-hash} label (the owner fallback). */
    static Pod podStub(Pod p) {
        Pod out = new Pod();
        out.setAdditionalProperties(NONE);
        out.setMetadata(meta(p.getMetadata(), true));
        return out;
    }

    /** ReplicaSets are a lookup table: identity and the owning Deployment. */
    static ReplicaSet replicaSet(ReplicaSet rs) {
        ReplicaSet out = new ReplicaSet();
        out.setAdditionalProperties(NONE);
        out.setMetadata(meta(rs.getMetadata(), false));
        return out;
    }

    static Deployment deploymentStub(Deployment d) {
        Deployment out = new Deployment();
        out.setAdditionalProperties(NONE);
        out.setMetadata(meta(d.getMetadata(), false));
        return out;
    }

    static ResourceQuota quotaStub(ResourceQuota q) {
        ResourceQuota out = new ResourceQuota();
        out.setAdditionalProperties(NONE);
        out.setMetadata(meta(q.getMetadata(), false));
        return out;
    }

    static Event eventStub(Event e) {
        Event out = new Event();
        out.setAdditionalProperties(NONE);
        out.setMetadata(meta(e.getMetadata(), false));
        return out;
    }

    static HorizontalPodAutoscaler hpa(HorizontalPodAutoscaler h) {
        HorizontalPodAutoscaler out = new HorizontalPodAutoscaler();
        out.setMetadata(meta(h.getMetadata(), false));
        HorizontalPodAutoscalerSpec spec = h.getSpec();
        if (spec != null) {
            HorizontalPodAutoscalerSpec s = new HorizontalPodAutoscalerSpec();
            s.setMinReplicas(spec.getMinReplicas());
            s.setMaxReplicas(spec.getMaxReplicas());
            CrossVersionObjectReference ref = spec.getScaleTargetRef();
            if (ref != null) {
                s.setScaleTargetRef(
                        new CrossVersionObjectReference(null, ref.getKind(), ref.getName()));
            }
            out.setSpec(s);
        }
        HorizontalPodAutoscalerStatus status = h.getStatus();
        if (status != null) {
            HorizontalPodAutoscalerStatus s = new HorizontalPodAutoscalerStatus();
            s.setCurrentReplicas(status.getCurrentReplicas());
            s.setDesiredReplicas(status.getDesiredReplicas());
            out.setStatus(s);
        }
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
