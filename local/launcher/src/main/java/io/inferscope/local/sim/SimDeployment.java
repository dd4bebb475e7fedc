package io.inferscope.local.sim;

import io.inferscope.schemas.Labels;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where the simulated fleet "runs": cluster, namespace and deployment, the same identity the demo
 * gateway stamps on every request record, so GPU, Kubernetes and request metrics join on it.
 */
public record SimDeployment(String cluster, String namespace, String deployment) {

    /** The demo's: cluster {@code local}, namespace {@code demo}, deployment {@code llm-chat}. */
    public static final SimDeployment DEMO = new SimDeployment("local", "demo", "llm-chat");

    /**
     * Labels of a record about pod {@code pod} on {@code node} (model unknown, as collectors see
     * it).
     */
    public Labels labels(String pod, String node) {
        return new Labels(cluster, namespace, deployment, null, pod, node);
    }

    /** Labels of the deployment as a whole (the gateway's request labels). */
    public Labels labels() {
        return new Labels(cluster, namespace, deployment, null, null, null);
    }

    /** The ReplicaSet name a Deployment controller would create (a fixed pod-template hash). */
    public String replicaSet() {
        return deployment + "-7d9f8b6c5";
    }

    /** A stable UID per object, so a re-published object keeps its Kafka key across runs. */
    public String uid(String kind, String name) {
        String seed = cluster + "/" + namespace + "/" + kind + "/" + name;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
