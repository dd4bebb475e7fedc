package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSeries;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpec;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
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
 * Slim copies of API objects for the informer caches: exactly the fields that {@link PodMapping},
 * {@link WorkloadMapping}, {@link EventMapping}, {@link Owners} and the usage poller read, plus the
 * identity (namespace, name, uid, resourceVersion). A pod as listed is ~15 KB on the heap
 * (managedFields alone are often half); its slim copy is a small fraction. Mapping a slim copy
 * gives the same record as mapping the original — resyncs and deletions map the cached copy.
 */
final class Slim {
    /**
     * Shared by every slim object instead of the empty {@code LinkedHashMap} fabric8 gives each
     * model object (~100,000 of them for 5,000 pods): nothing writes to a cached object.
     */
    private static final Map<String, Object> NONE = Collections.emptyMap();

    /** Resource maps (requests, limits) are the same for every pod of a deployment. */
    private static final Shared SHARED = new Shared(10_000);

    private Slim() {}

    /**
     * Low-cardinality strings (namespaces, node and container names, phases, condition types,
     * reasons) as one instance each: the JVM's string table holds them weakly.
     */
    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    static Pod pod(Pod p) {
        Pod out = new Pod();
        out.setAdditionalProperties(NONE);
        out.setMetadata(meta(p.getMetadata(), true));
        PodSpec spec = p.getSpec();
        if (spec != null) {
            PodSpec s = new PodSpec();
            s.setAdditionalProperties(NONE);
            s.setNodeName(intern(spec.getNodeName()));
            s.setContainers(list(spec.getContainers(), Slim::container));
            out.setSpec(s);
        }
        PodStatus status = p.getStatus();
        if (status != null) {
            PodStatus s = new PodStatus();
            s.setAdditionalProperties(NONE);
            s.setPhase(intern(status.getPhase()));
            s.setConditions(list(status.getConditions(), Slim::condition));
            s.setContainerStatuses(list(status.getContainerStatuses(), Slim::containerStatus));
            out.setStatus(s);
        }
        return out;
    }

    static ReplicaSet replicaSet(ReplicaSet rs) {
        ReplicaSet out = new ReplicaSet();
        out.setMetadata(meta(rs.getMetadata(), false));
        return out;
    }

    static Deployment deployment(Deployment d) {
        Deployment out = new Deployment();
        out.setMetadata(meta(d.getMetadata(), false));
        if (d.getSpec() != null) {
            DeploymentSpec s = new DeploymentSpec();
            s.setReplicas(d.getSpec().getReplicas());
            out.setSpec(s);
        }
        DeploymentStatus status = d.getStatus();
        if (status != null) {
            DeploymentStatus s = new DeploymentStatus();
            s.setReadyReplicas(status.getReadyReplicas());
            s.setAvailableReplicas(status.getAvailableReplicas());
            s.setUpdatedReplicas(status.getUpdatedReplicas());
            out.setStatus(s);
        }
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

    /** Quotas are few and their maps are what the record carries: only metadata is trimmed. */
    static ResourceQuota quota(ResourceQuota q) {
        ResourceQuota out = new ResourceQuota();
        out.setMetadata(meta(q.getMetadata(), false));
        if (q.getSpec() != null) {
            ResourceQuotaSpec s = new ResourceQuotaSpec();
            s.setHard(q.getSpec().getHard());
            out.setSpec(s);
        }
        if (q.getStatus() != null) {
            out.setStatus(
                    new ResourceQuotaStatus(q.getStatus().getHard(), q.getStatus().getUsed()));
        }
        return out;
    }

    static Event event(Event e) {
        Event out = new Event();
        out.setMetadata(meta(e.getMetadata(), false));
        out.setType(e.getType());
        out.setReason(e.getReason());
        String message = e.getMessage();
        out.setMessage(
                message == null || message.length() <= EventMapping.MAX_MESSAGE_CHARS
                        ? message
                        : message.substring(0, EventMapping.MAX_MESSAGE_CHARS));
        ObjectReference ref = e.getInvolvedObject();
        if (ref != null) {
            ObjectReference r = new ObjectReference();
            r.setKind(ref.getKind());
            r.setName(ref.getName());
            r.setNamespace(ref.getNamespace());
            r.setUid(ref.getUid());
            out.setInvolvedObject(r);
        }
        EventSeries series = e.getSeries();
        if (series != null) {
            out.setSeries(new EventSeries(series.getCount(), series.getLastObservedTime()));
        }
        out.setEventTime(e.getEventTime());
        out.setFirstTimestamp(e.getFirstTimestamp());
        out.setLastTimestamp(e.getLastTimestamp());
        out.setCount(e.getCount());
        return out;
    }

    /**
     * Identity, creation time and owners; of the labels only the one that {@link Owners} falls back
     * on ({@code pod-template-hash}, pods only). No annotations, no managedFields.
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
        out.setCreationTimestamp(m.getCreationTimestamp());
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

    private static Container container(Container c) {
        Container out = new Container();
        out.setAdditionalProperties(NONE);
        out.setName(intern(c.getName()));
        ResourceRequirements r = c.getResources();
        if (r != null) {
            ResourceRequirements rr = new ResourceRequirements();
            rr.setAdditionalProperties(NONE);
            rr.setRequests(SHARED.share(r.getRequests()));
            rr.setLimits(SHARED.share(r.getLimits()));
            rr.setClaims(null);
            out.setResources(rr);
        }
        // Empty lists, as fabric8 allocates them, cost ~40 bytes each: drop them.
        out.setArgs(null);
        out.setCommand(null);
        out.setEnv(null);
        out.setEnvFrom(null);
        out.setPorts(null);
        out.setResizePolicy(null);
        out.setVolumeDevices(null);
        out.setVolumeMounts(null);
        return out;
    }

    private static PodCondition condition(PodCondition c) {
        PodCondition out = new PodCondition();
        out.setAdditionalProperties(NONE);
        out.setType(intern(c.getType()));
        out.setStatus(intern(c.getStatus()));
        out.setLastTransitionTime(c.getLastTransitionTime());
        return out;
    }

    private static ContainerStatus containerStatus(ContainerStatus s) {
        ContainerStatus out = new ContainerStatus();
        out.setAdditionalProperties(NONE);
        out.setName(intern(s.getName()));
        out.setRestartCount(s.getRestartCount());
        out.setReady(s.getReady());
        out.setState(state(s.getState()));
        out.setLastState(state(s.getLastState()));
        out.setAllocatedResourcesStatus(null);
        out.setVolumeMounts(null);
        return out;
    }

    /** Only the reasons: waiting (current state) and terminated (current or last). */
    private static ContainerState state(ContainerState st) {
        if (st == null) {
            return null;
        }
        ContainerState out = new ContainerState();
        out.setAdditionalProperties(NONE);
        if (st.getWaiting() != null) {
            ContainerStateWaiting w =
                    new ContainerStateWaiting(null, intern(st.getWaiting().getReason()));
            w.setAdditionalProperties(NONE);
            out.setWaiting(w);
        }
        if (st.getTerminated() != null) {
            ContainerStateTerminated t = new ContainerStateTerminated();
            t.setAdditionalProperties(NONE);
            t.setReason(intern(st.getTerminated().getReason()));
            out.setTerminated(t);
        }
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
