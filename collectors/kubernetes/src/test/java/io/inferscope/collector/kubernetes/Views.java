package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Tests write objects with fabric8's builders; the collector reads them as views. An object goes
 * through its JSON, parsed by the collector's own client mapping ({@link
 * KubeClients#serialization()}), as it does from the API server.
 */
final class Views {
    private static final KubernetesSerialization JSON = KubeClients.serialization();

    private Views() {}

    static PodView view(Pod p) {
        return parse(p, PodView.class);
    }

    static ReplicaSetView view(ReplicaSet rs) {
        return parse(rs, ReplicaSetView.class);
    }

    static DeploymentView view(Deployment d) {
        return parse(d, DeploymentView.class);
    }

    static HpaView view(HorizontalPodAutoscaler h) {
        return parse(h, HpaView.class);
    }

    static QuotaView view(ResourceQuota q) {
        return parse(q, QuotaView.class);
    }

    static EventView view(Event e) {
        return parse(e, EventView.class);
    }

    static EventView.Ref ref(ObjectReference r) {
        return r == null ? null : parse(r, EventView.Ref.class);
    }

    private static <T> T parse(Object model, Class<T> type) {
        return JSON.unmarshal(JSON.asJson(model), type);
    }
}
