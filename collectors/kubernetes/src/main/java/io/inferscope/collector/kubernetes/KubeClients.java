package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

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
        config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
