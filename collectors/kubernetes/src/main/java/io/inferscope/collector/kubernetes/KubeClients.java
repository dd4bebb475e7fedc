package io.inferscope.collector.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the API client: a kubeconfig file and context when given, otherwise fabric8's automatic
 * configuration ({@code $KUBECONFIG}, {@code ~/.kube/config}, or the in-cluster service account).
 */
public final class KubeClients {
    /**
     * Failed requests are retried this often (100 ms, 200 ms, 400 ms) rather than fabric8's default
     * 10: an unreachable server is reported in about a second, and the informers keep retrying on
     * their own once running.
     */
    static final int REQUEST_RETRIES = 3;

    /** The kinds the collector watches, each parsed into its view. */
    static final List<Class<? extends ObjectView>> VIEWS =
            List.of(
                    PodView.class,
                    ReplicaSetView.class,
                    DeploymentView.class,
                    HpaView.class,
                    QuotaView.class,
                    EventView.class);

    private KubeClients() {}

    /**
     * @param kubeconfig a kubeconfig file, or null for the automatic configuration
     * @param context a context of that configuration, or null for its current context
     * @throws IllegalArgumentException when the kubeconfig file cannot be read
     */
    public static KubernetesClient create(Path kubeconfig, String context) {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isReadable(kubeconfig)) {
                throw new IllegalArgumentException("cannot read kubeconfig file " + kubeconfig);
            }
            config = Config.fromKubeconfig(context, kubeconfig.toFile());
        } else {
            config = Config.autoConfigure(context);
        }
        return create(config);
    }

    /** A client for {@code config}, with the collector's retries and JSON mapping. */
    static KubernetesClient create(Config config) {
        config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(serialization())
                .build();
    }

    /**
     * The client's JSON mapping: watch events of the watched kinds parse into their views (not
     * fabric8's model classes, which it would otherwise find by scanning the class path), a watch's
     * error into fabric8's {@code Status}, and metadata skips managedFields and annotations, which
     * the collector never reads and which are often most of an object's bytes.
     */
    static KubernetesSerialization serialization() {
        ObjectMapper mapper =
                new ObjectMapper()
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .addMixIn(ObjectMeta.class, SkippedMetadata.class);
        KubernetesSerialization serialization = new KubernetesSerialization(mapper, false);
        VIEWS.forEach(serialization::registerKubernetesResource);
        // A watch's ERROR event carries a Status; fabric8 acts on it only when it parses as one
        // (410 Gone: the informer lists again; otherwise it re-watches after a pause).
        serialization.registerKubernetesResource(Status.class);
        return serialization;
    }

    @JsonIgnoreProperties(
            value = {"managedFields", "annotations"},
            ignoreUnknown = true,
            allowGetters = true) // skipped when read only: a written object keeps them
    private abstract static class SkippedMetadata {}
}
