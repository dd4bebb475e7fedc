package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.inferscope.collector.core.PrometheusWriter;
import io.inferscope.collector.core.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only Kubernetes collector: informers (list once, then watch) over pods, ReplicaSets (a
 * lookup cache for owner resolution, no records), Deployments (apps/v1), HPAs (autoscaling/v2),
 * ResourceQuotas and core/v1 Events, in the configured namespaces or all; a record on {@code
 * inferscope.raw.k8s} for every change that alters a record body (see {@link ChangeEmitter}), and,
 * when metrics.k8s.io is served, container usage every {@code usageInterval}. Only get, list and
 * watch are ever sent to the API server.
 *
 * <p>Startup lists ReplicaSets first, then pods and HPAs, then the rest, so that the first records
 * already carry their owning deployment. A resource the server does not serve (404) is skipped with
 * a warning; a forbidden one (403) or an unreachable server fails the start with a one-line
 * message.
 *
 * <p>Options: every field of {@link KubernetesCollectorConfig}.
 */
public final class KubernetesCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCollector.class);

    private final KubernetesClient client;
    private final KubernetesCollectorConfig config;
    private final KubernetesMetrics metrics = new KubernetesMetrics();
    private final ChangeEmitter emitter;
    private final LongSupplier clock = System::currentTimeMillis;
    private final List<ResourceWatch<?>> watches = new CopyOnWriteArrayList<>();
    private final Owners owners;
    // Read by informer and usage threads; set once during start (hpas is dropped when unserved).
    private volatile ResourceWatch<ReplicaSetView> replicaSets;
    private volatile ResourceWatch<PodView> pods;
    private volatile ResourceWatch<HpaView> hpas;
    private ScheduledExecutorService usageExecutor;
    private UsagePoller usage;

    private KubernetesCollector(
            KubernetesClient client, KubernetesCollectorConfig config, RecordSink sink) {
        this.client = client;
        this.config = config;
        this.emitter = new ChangeEmitter(sink, metrics);
        this.owners = new Owners(new CachedLookup());
    }

    /**
     * Lists and starts watching every resource, then starts usage polling.
     *
     * @throws KubernetesCollectorException when the API server is unreachable, answers too slowly
     *     or forbids listing a resource; nothing is left running then
     */
    public static KubernetesCollector start(
            KubernetesClient client, KubernetesCollectorConfig config, RecordSink sink) {
        KubernetesCollector c = new KubernetesCollector(client, config, sink);
        try {
            c.startWatches();
            c.startUsage();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void startWatches() {
        RecordFactory records = new RecordFactory(config.cluster(), owners);
        replicaSets =
                watch(
                        "replicasets",
                        scoped(resources(ReplicaSetView.class)),
                        Slim::replicaSet,
                        null);
        await(List.of(replicaSets));
        pods =
                watch(
                        "pods",
                        scoped(resources(PodView.class)),
                        Slim::podStub,
                        handler("pods", records::pod, true));
        hpas =
                watch(
                        "horizontalpodautoscalers",
                        scoped(resources(HpaView.class)),
                        Slim::hpa,
                        handler("horizontalpodautoscalers", records::hpa, true));
        await(List.of(pods, hpas));
        ResourceWatch<DeploymentView> deployments =
                watch(
                        "deployments",
                        scoped(resources(DeploymentView.class)),
                        Slim::deploymentStub,
                        handler("deployments", records::deployment, true));
        ResourceWatch<QuotaView> quotas =
                watch(
                        "resourcequotas",
                        scoped(resources(QuotaView.class)),
                        Slim::quotaStub,
                        handler("resourcequotas", records::quota, true));
        // Events expire (1 h by default): their deletion is housekeeping, not a state change.
        ResourceWatch<EventView> events =
                watch(
                        "events",
                        scoped(resources(EventView.class)),
                        Slim::eventStub,
                        handler("events", records::event, false));
        await(List.of(deployments, quotas, events));
    }

    /** List and watch of one kind, parsed into its view ({@link ObjectView}). */
    private <T extends ObjectView> MixedOperation<T, ?, ?> resources(Class<T> view) {
        return client.resources(view);
    }

    /** The resource in one namespace, or in any namespace for null. */
    private static <T extends HasMetadata>
            Function<String, FilterWatchListDeletable<T, ?, ?>> scoped(MixedOperation<T, ?, ?> op) {
        return ns -> ns == null ? op.inAnyNamespace() : op.inNamespace(ns);
    }

    private <T extends HasMetadata> ObjectHandler<T> handler(
            String resource, ObjectHandler.Mapper<T> mapper, boolean publishDeletes) {
        return new ObjectHandler<>(resource, mapper, emitter, metrics, clock, publishDeletes);
    }

    private <T extends HasMetadata> ResourceWatch<T> watch(
            String resource,
            Function<String, FilterWatchListDeletable<T, ?, ?>> source,
            UnaryOperator<T> stub,
            ObjectHandler<T> handler) {
        ResourceWatch<T> w =
                new ResourceWatch<>(
                        resource,
                        config.namespaces(),
                        source,
                        config.resync().toMillis(),
                        stub,
                        handler,
                        metrics);
        watches.add(w);
        return w;
    }

    /** Starts the watches and waits for their initial lists. */
    private void await(List<ResourceWatch<?>> group) {
        List<ResourceWatch<?>> served = new ArrayList<>();
        for (ResourceWatch<?> w : group) {
            try {
                w.probe();
                served.add(w);
            } catch (KubernetesClientException e) {
                failed(w, e); // throws, or drops a resource the server does not serve
            }
        }
        group = served;
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (ResourceWatch<?> w : group) {
            started.add(w.start());
        }
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        for (int i = 0; i < group.size(); i++) {
            ResourceWatch<?> w = group.get(i);
            try {
                started.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new KubernetesCollectorException(
                        "no answer from the Kubernetes API server at "
                                + server()
                                + " within "
                                + config.startTimeout().toSeconds()
                                + "s (listing "
                                + w.resource()
                                + ")",
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubernetesCollectorException("interrupted while starting", e);
            } catch (ExecutionException e) {
                failed(w, e.getCause());
            }
        }
    }

    private void failed(ResourceWatch<?> w, Throwable cause) {
        KubernetesClientException k = StartFailures.find(cause, KubernetesClientException.class);
        int code = k == null ? 0 : k.getCode();
        if (code == 404) {
            LOG.warn("The API server does not serve {}: not watched", w.resource());
            w.close();
            watches.remove(w);
            metrics.notWatching(w.resource());
            if (w == hpas) {
                hpas = null;
            }
            return;
        }
        throw new KubernetesCollectorException(
                StartFailures.describe(w.resource(), code, server(), cause), cause);
    }

    private String server() {
        return client.getConfiguration() == null ? "?" : client.getConfiguration().getMasterUrl();
    }

    private void startUsage() {
        if (config.usageInterval().isZero()) {
            return;
        }
        usage =
                new UsagePoller(
                        client,
                        config.namespaces(),
                        (ns, name) -> pods.get(ns, name),
                        owners::deploymentOf,
                        emitter,
                        metrics,
                        config.cluster(),
                        clock);
        usageExecutor =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "inferscope-k8s-usage");
                            t.setDaemon(true);
                            return t;
                        });
        long every = config.usageInterval().toMillis();
        usageExecutor.scheduleWithFixedDelay(
                () -> {
                    usage.run();
                    if (usage.absent()) {
                        usageExecutor.shutdown();
                    }
                },
                0,
                every,
                TimeUnit.MILLISECONDS);
    }

    public KubernetesMetrics metrics() {
        return metrics;
    }

    /** True while every informer has its watch open (false while reconnecting). */
    public boolean watching() {
        return watches.stream().allMatch(ResourceWatch::watching);
    }

    /** {@code watching} or {@code reconnecting}, for {@code /healthz}. */
    public String state() {
        return watching() ? "watching" : "reconnecting";
    }

    /** True once metrics.k8s.io answered 404 (usage is not collected). */
    public boolean usageAbsent() {
        return usage != null && usage.absent();
    }

    /** Writes the self-metrics; pass to {@code SelfMetricsServer#addCollector}. */
    public void writeMetrics(PrometheusWriter w) {
        metrics.writeTo(w);
    }

    /** Stops polling and every informer; the client stays open (it belongs to the caller). */
    @Override
    public void close() {
        if (usageExecutor != null) {
            usageExecutor.shutdownNow();
        }
        for (ResourceWatch<?> w : watches) {
            w.close();
        }
        watches.clear();
    }

    /** Owner lookups read the informer caches only. */
    private final class CachedLookup implements Owners.Lookup {
        @Override
        public ReplicaSetView replicaSet(String namespace, String name) {
            return replicaSets == null ? null : replicaSets.get(namespace, name);
        }

        @Override
        public PodView pod(String namespace, String name) {
            return pods == null ? null : pods.get(namespace, name);
        }

        @Override
        public HpaView hpa(String namespace, String name) {
            ResourceWatch<HpaView> h = hpas;
            return h == null ? null : h.get(namespace, name);
        }
    }
}
