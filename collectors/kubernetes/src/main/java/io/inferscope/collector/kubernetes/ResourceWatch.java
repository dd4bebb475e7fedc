package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers of one resource: one over all namespaces, or one per configured namespace. Each
 * lists once, then watches; on a dropped watch it re-watches from its last resourceVersion and
 * re-lists only when the server answers 410 Gone, never per event. Its cache doubles as the lookup
 * table (namespace/name → object) that owner resolution reads, so no API call is made per event.
 */
final class ResourceWatch<T extends HasMetadata> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceWatch.class);
    private static final long LOG_EVERY_MS = 60_000;

    /**
     * Objects per page of a (re)list, as client-go's pager asks. Without a limit the API server
     * answers the whole list in one response, and 5,000 pods as received (~15 KB each on the heap,
     * plus the response body) would be held at once before each is slimmed into the cache; in pages
     * only one page is. The heap a JVM once grew to stays resident, so this sets the collector's
     * memory footprint on a large cluster.
     */
    static final long LIST_PAGE_SIZE = 500;

    private final String resource;
    private final Map<String, SharedIndexInformer<T>> informers = new LinkedHashMap<>();
    private final AtomicLong lastLogMs = new AtomicLong(Long.MIN_VALUE / 2);
    private final boolean allNamespaces;
    private final Map<String, FilterWatchListDeletable<T, ?, ?>> sources = new LinkedHashMap<>();
    private final Map<String, RecordStore<T>> stores = new HashMap<>();

    /**
     * @param source the resource in one namespace, or in any namespace for a null argument
     * @param stub what the cache keeps of each object for lookups ({@link Slim}), beside the record
     *     the handler maps it to ({@link RecordStore})
     * @param handler notified of every change; null for a lookup-only cache
     */
    ResourceWatch(
            String resource,
            List<String> namespaces,
            Function<String, FilterWatchListDeletable<T, ?, ?>> source,
            long resyncMs,
            UnaryOperator<T> stub,
            ObjectHandler<T> handler,
            KubernetesMetrics metrics) {
        this.resource = resource;
        this.allNamespaces = namespaces.isEmpty();
        List<String> scopes = allNamespaces ? Collections.singletonList(null) : namespaces;
        for (String ns : scopes) {
            FilterWatchListDeletable<T, ?, ?> op = source.apply(ns);
            sources.put(ns, op);
            SharedIndexInformer<T> informer =
                    op.withLimit(LIST_PAGE_SIZE).runnableInformer(resyncMs);
            RecordStore<T> store =
                    new RecordStore<>(stub, handler == null ? null : handler::cacheRecord);
            stores.put(ns, store);
            informer.itemStore(store);
            if (handler != null) {
                informer.addEventHandler(handler);
            }
            informer.exceptionHandler(
                    (started, t) -> {
                        metrics.watchError(resource);
                        if (!started) {
                            return false; // the first list failed: start() reports it
                        }
                        logRateLimited(t);
                        return true; // keep retrying once running, as client-go does
                    });
            informers.put(ns, informer);
        }
        if (handler != null) {
            handler.stores(
                    obj -> stores.get(allNamespaces ? null : obj.getMetadata().getNamespace()));
        }
        metrics.watching(resource, this::size);
    }

    String resource() {
        return resource;
    }

    /**
     * Lists one object of each scope: an unreachable server, missing permissions or an unserved
     * resource surface here as a plain {@code KubernetesClientException}, before any informer runs
     * (a failing informer start would log a stack trace).
     */
    void probe() {
        for (FilterWatchListDeletable<T, ?, ?> op : sources.values()) {
            op.list(new ListOptionsBuilder().withLimit(1L).build());
        }
    }

    /** Starts every informer; completes when all have listed (synced) or one failed. */
    CompletableFuture<Void> start() {
        CompletableFuture<?>[] started =
                informers.values().stream()
                        .map(i -> i.start().toCompletableFuture())
                        .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(started);
    }

    /** The cached object, or null. */
    T get(String namespace, String name) {
        if (namespace == null || name == null) {
            return null;
        }
        SharedIndexInformer<T> informer = informers.get(allNamespaces ? null : namespace);
        return informer == null ? null : informer.getStore().getByKey(namespace + "/" + name);
    }

    int size() {
        int n = 0;
        for (SharedIndexInformer<T> i : informers.values()) {
            n += i.getStore().list().size();
        }
        return n;
    }

    /** True while every informer has a watch open. */
    boolean watching() {
        return informers.values().stream().allMatch(SharedIndexInformer::isWatching);
    }

    private void logRateLimited(Throwable t) {
        long now = System.currentTimeMillis();
        long last = lastLogMs.get();
        if (now - last >= LOG_EVERY_MS && lastLogMs.compareAndSet(last, now)) {
            LOG.warn("Watch of {} failed, retrying: {}", resource, t.toString());
        }
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
