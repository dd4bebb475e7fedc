package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.inferscope.schemas.K8sRecord;

/** Deployments, HPAs (autoscaling/v2) and resource quotas as record bodies. */
public final class WorkloadMapping {
    private WorkloadMapping() {}

    /** desired = spec.replicas (the API default 1 when unset); ready, available, updated. */
    public static K8sRecord.Deployment deployment(Deployment d) {
        Integer desired = d.getSpec() == null ? null : d.getSpec().getReplicas();
        DeploymentStatus s = d.getStatus();
        return new K8sRecord.Deployment(
                desired == null ? 1 : nonNegative(desired),
                s == null ? 0 : nonNegative(s.getReadyReplicas()),
                s == null ? 0 : nonNegative(s.getAvailableReplicas()),
                s == null ? 0 : nonNegative(s.getUpdatedReplicas()));
    }

    public static K8sRecord.Hpa hpa(HorizontalPodAutoscaler h) {
        Integer min = h.getSpec() == null ? null : h.getSpec().getMinReplicas();
        Integer max = h.getSpec() == null ? null : h.getSpec().getMaxReplicas();
        HorizontalPodAutoscalerStatus s = h.getStatus();
        return new K8sRecord.Hpa(
                targetDeployment(h),
                min == null ? null : nonNegative(min),
                nonNegative(max),
                s == null ? 0 : nonNegative(s.getCurrentReplicas()),
                s == null ? 0 : nonNegative(s.getDesiredReplicas()));
    }

    /** The scale target's name when it is a Deployment. */
    public static String targetDeployment(HorizontalPodAutoscaler h) {
        CrossVersionObjectReference ref =
                h.getSpec() == null ? null : h.getSpec().getScaleTargetRef();
        return ref != null && "Deployment".equals(ref.getKind()) ? ref.getName() : null;
    }

    /** hard and used per resource (status; spec.hard before the quota controller filled it). */
    public static K8sRecord.Quota quota(ResourceQuota q) {
        var hard =
                q.getStatus() != null && q.getStatus().getHard() != null
                        ? q.getStatus().getHard()
                        : q.getSpec() == null ? null : q.getSpec().getHard();
        var used = q.getStatus() == null ? null : q.getStatus().getUsed();
        return new K8sRecord.Quota(Quantities.all(hard), Quantities.all(used));
    }

    private static int nonNegative(Integer v) {
        return v == null ? 0 : Math.max(0, v);
    }
}
