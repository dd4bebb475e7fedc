package io.inferscope.bench.footprint;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode ({@link KubernetesCrudDispatcher}: stores what is created,
 * serves list and watch; {@link PagingCrudDispatcher} adds list paging as real servers do) on
 * loopback, filled with a {@link SyntheticCluster}, plus the kubeconfig a collector in another
 * process uses to reach it and a trickle of pod status updates.
 */
final class MockApiServer implements AutoCloseable {
    /**
     * The mock server logs every request at INFO through java.util.logging; the logger is held here
     * because java.util.logging keeps only weak references to loggers, and a collected one would
     * forget its level.
     */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final List<Pod> pods = new ArrayList<>();
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong updateErrors = new AtomicLong();
    private ScheduledExecutorService trickle;
    private int deployments;
    private int events;

    MockApiServer() {
        server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        new HashMap<>(),
                        new PagingCrudDispatcher(),
                        false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    /**
     * Creates {@code deployments} Deployments of {@code podsEach} pods spread over the namespaces,
     * and a BackOff event for every {@code eventEvery}-th pod, on a few threads.
     */
    void populate(int deployments, int podsEach, int eventEvery) throws Exception {
        SyntheticCluster.namespaces(client);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Pod>>> made = new ArrayList<>();
            for (int d = 0; d < deployments; d++) {
                String ns = SyntheticCluster.namespace(d % SyntheticCluster.NAMESPACES);
                String name = "llm-" + d;
                made.add(
                        pool.submit(() -> SyntheticCluster.deployment(client, ns, name, podsEach)));
            }
            for (Future<List<Pod>> f : made) {
                pods.addAll(f.get(5, TimeUnit.MINUTES));
            }
            List<Future<?>> evs = new ArrayList<>();
            for (int i = 0; i < pods.size(); i += eventEvery) {
                Pod p = pods.get(i);
                evs.add(pool.submit(() -> SyntheticCluster.backOffEvent(client, p)));
            }
            for (Future<?> f : evs) {
                f.get(5, TimeUnit.MINUTES);
            }
            this.deployments = deployments;
            this.events = evs.size();
        } finally {
            pool.shutdownNow();
        }
    }

    int pods() {
        return pods.size();
    }

    int deployments() {
        return deployments;
    }

    int events() {
        return events;
    }

    /** A kubeconfig (one cluster, context and token) pointing at this server. */
    Path writeKubeconfig(Path dir) throws IOException {
        String url = client.getConfiguration().getMasterUrl();
        String yaml =
                """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                users:
                  - name: bench
                    user:
                      token: bench-token
                contexts:
                  - name: mock
                    context:
                      cluster: mock
                      user: bench
                current-context: mock
                """
                        .formatted(url);
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, yaml);
        return file;
    }

    /** Starts restarting pods (round robin), {@code perSecond} status updates a second. */
    void startTrickle(int perSecond) {
        trickle = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        trickle.scheduleAtFixedRate(
                () -> {
                    try {
                        Pod p = pods.get(Math.floorMod(next.getAndIncrement() * 97, pods.size()));
                        SyntheticCluster.restart(client, p);
                        updates.incrementAndGet();
                    } catch (RuntimeException e) {
                        updateErrors.incrementAndGet();
                    }
                },
                0,
                1_000_000L / perSecond,
                TimeUnit.MICROSECONDS);
    }

    long updates() {
        return updates.get();
    }

    long updateErrors() {
        return updateErrors.get();
    }

    void stopTrickle() throws InterruptedException {
        if (trickle != null) {
            trickle.shutdownNow();
            trickle.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopTrickle();
        client.close();
        server.destroy();
    }
}
