package io.inferscope.collector.kubernetes;

import io.inferscope.schemas.K8sRecord;

/** Deployments, HPAs (autoscaling/v2) and resource quotas as record bodies. */
final class WorkloadMapping {
    private WorkloadMapping() {}

    /** desired = spec.replicas (the API default 1 when unset); ready, available, updated. */
    static K8sRecord.Deployment deployment(DeploymentView d) {
        Integer desired = d.getSpec() == null ? null : d.getSpec().replicas();
        DeploymentView.Status s = d.getStatus();
        return new K8sRecord.Deployment(
                desired == null ? 1 : nonNegative(desired),
                s == null ? 0 : nonNegative(s.readyReplicas()),
                s == null ? 0 : nonNegative(s.availableReplicas()),
                s == null ? 0 : nonNegative(s.updatedReplicas()));
    }

    static K8sRecord.Hpa hpa(HpaView h) {
        Integer min = h.getSpec() == null ? null : h.getSpec().minReplicas();
        Integer max = h.getSpec() == null ? null : h.getSpec().maxReplicas();
        HpaView.Status s = h.getStatus();
        return new K8sRecord.Hpa(
                targetDeployment(h),
                min == null ? null : nonNegative(min),
                nonNegative(max),
                s == null ? 0 : nonNegative(s.currentReplicas()),
                s == null ? 0 : nonNegative(s.desiredReplicas()));
    }

    /** The scale target's name when it is a Deployment. */
    static String targetDeployment(HpaView h) {
        HpaView.Target ref = h.getSpec() == null ? null : h.getSpec().scaleTargetRef();
        return ref != null && "Deployment".equals(ref.kind()) ? ref.name() : null;
    }

    /** hard and used per resource (status; spec.hard before the quota controller filled it). */
    static K8sRecord.Quota quota(QuotaView q) {
        var hard =
                q.getStatus() != null && q.getStatus().hard() != null
                        ? q.getStatus().hard()
                        : q.getSpec() == null ? null : q.getSpec().hard();
        var used = q.getStatus() == null ? null : q.getStatus().used();
        return new K8sRecord.Quota(Quantities.all(hard), Quantities.all(used));
    }

    private static int nonNegative(Integer v) {
        return v == null ? 0 : Math.max(0, v);
    }
}
