package io.inferscope.collector.kubernetes;

import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;

/** One record per API object: the envelope with the cluster label around the mapped body. */
final class RecordFactory {
    private final String cluster;
    private final Owners owners;

    RecordFactory(String cluster, Owners owners) {
        this.cluster = cluster;
        this.owners = owners;
    }

    K8sRecord pod(PodView p, Action a, long t) {
        return Records.of(Kind.POD, t, a, cluster, p, PodMapping.body(p, owners.deploymentOf(p)));
    }

    K8sRecord deployment(DeploymentView d, Action a, long t) {
        return Records.of(Kind.DEPLOYMENT, t, a, cluster, d, WorkloadMapping.deployment(d));
    }

    K8sRecord hpa(HpaView h, Action a, long t) {
        return Records.of(Kind.HPA, t, a, cluster, h, WorkloadMapping.hpa(h));
    }

    K8sRecord quota(QuotaView q, Action a, long t) {
        return Records.of(Kind.QUOTA, t, a, cluster, q, WorkloadMapping.quota(q));
    }

    K8sRecord event(EventView e, Action a, long t) {
        String deployment =
                owners.deploymentOf(e.getInvolvedObject(), e.getMetadata().getNamespace());
        return Records.of(Kind.EVENT, t, a, cluster, e, EventMapping.body(e, deployment));
    }
}
