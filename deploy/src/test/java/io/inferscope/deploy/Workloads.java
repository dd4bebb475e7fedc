package io.inferscope.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything in the manifests that runs pods: Deployments, DaemonSets, StatefulSets, and the
 * FlinkDeployments' pod templates (which the Flink operator merges into its JobManager and
 * TaskManager pods).
 */
final class Workloads {
    private Workloads() {}

    /**
     * One pod-running object; {@code selector} is null for a FlinkDeployment, whose pods the
     * operator labels and selects itself.
     */
    record Workload(
            Manifests.Doc doc,
            String kind,
            String name,
            LabelSelector selector,
            PodTemplateSpec pod) {
        @Override
        public String toString() {
            return kind + "/" + name;
        }

        boolean isFlink() {
            return kind.equals("FlinkDeployment");
        }
    }

    static List<Workload> all(Manifests m) {
        List<Workload> out = new ArrayList<>();
        for (Manifests.Doc d : m.all()) {
            if (d.resource() instanceof Deployment dep) {
                out.add(of(d, dep.getSpec().getSelector(), dep.getSpec().getTemplate()));
            } else if (d.resource() instanceof DaemonSet ds) {
                out.add(of(d, ds.getSpec().getSelector(), ds.getSpec().getTemplate()));
            } else if (d.resource() instanceof StatefulSet ss) {
                out.add(of(d, ss.getSpec().getSelector(), ss.getSpec().getTemplate()));
            } else if (d.kind().equals("FlinkDeployment")) {
                out.add(of(d, null, flinkPodTemplate((GenericKubernetesResource) d.resource())));
            }
        }
        return out;
    }

    /** The FlinkDeployment's {@code spec.podTemplate}, read as the Kubernetes type it is. */
    static PodTemplateSpec flinkPodTemplate(GenericKubernetesResource flink) {
        Object template = flink.get("spec", "podTemplate");
        if (!(template instanceof Map<?, ?>)) {
            throw new AssertionError(
                    "FlinkDeployment/"
                            + flink.getMetadata().getName()
                            + " has no spec.podTemplate");
        }
        return Manifests.SERIALIZATION.convertValue(template, PodTemplateSpec.class);
    }

    private static Workload of(Manifests.Doc d, LabelSelector selector, PodTemplateSpec pod) {
        return new Workload(d, d.kind(), d.name(), selector, pod);
    }
}
