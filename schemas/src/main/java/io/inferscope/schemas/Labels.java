package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Identity labels carried by every raw record, where known: the dimensions derived metrics group
 * by. {@code replica} is the pod name of the serving replica.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Labels(
        String cluster,
        String namespace,
        String deployment,
        String model,
        String replica,
        String node) {

    public static final Labels EMPTY = new Labels(null, null, null, null, null, null);

    public Labels withModel(String newModel) {
        return new Labels(cluster, namespace, deployment, newModel, replica, node);
    }

    public Labels withReplica(String newReplica, String newNode) {
        return new Labels(cluster, namespace, deployment, model, newReplica, newNode);
    }

    /** {@code deployment/model}, the key of per-deployment derived records ("-" for unknown). */
    public String deploymentModelKey() {
        return orDash(deployment) + "/" + orDash(model);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
