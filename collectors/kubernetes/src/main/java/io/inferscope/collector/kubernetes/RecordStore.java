package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.inferscope.schemas.K8sRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer cache that keeps, per object, a stub (identity and owners only, see {@link Slim}) and
 * the record the object mapped to when it was cached, instead of the object itself. The record is
 * what resyncs, the initial list (fabric8 notifies those adds with the cached value) and deletions
 * noticed on a re-list publish, so they publish exactly what the full object would have; the stub
 * is what owner lookups and usage polling read. A pod costs a few hundred bytes here instead of its
 * model objects (~2.5 KB slim, ~15 KB as received).
 *
 * <p>Keyed like fabric8's default store (namespace/name). One store per informer: a re-list retains
 * only its own keys.
 */
final class RecordStore<T extends HasMetadata> implements ItemStore<T> {
    /** Equal container lists and resource maps (every pod of a deployment) are stored once. */
    private static final Shared SHARED = new Shared(10_000);

    /** What is cached of one object: its stub and its record (null when it could not be mapped). */
    record Cached<T>(T stub, K8sRecord record) {}

    private final Map<String, Cached<T>> entries = new ConcurrentHashMap<>();
    private final UnaryOperator<T> stub;
    private final Function<T, K8sRecord> mapper;

    /**
     * @param stub what is kept of each object for lookups
     * @param mapper the object's record (time and action are the handler's), null when it cannot be
     *     mapped; null for a lookup-only cache
     */
    RecordStore(UnaryOperator<T> stub, Function<T, K8sRecord> mapper) {
        this.stub = stub;
        this.mapper = mapper;
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        K8sRecord record = mapper == null ? null : compact(mapper.apply(obj));
        Cached<T> old = entries.put(key, new Cached<>(stub.apply(obj), record));
        return old == null ? null : old.stub;
    }

    @Override
    public T remove(String key) {
        Cached<T> old = entries.remove(key);
        return old == null ? null : old.stub;
    }

    @Override
    public Stream<String> keySet() {
        return entries.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return entries.values().stream().map(Cached::stub);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public T get(String key) {
        Cached<T> e = entries.get(key);
        return e == null ? null : e.stub;
    }

    /**
     * What is cached for {@code obj} when it is this cache's version of the object: the stub
     * itself, or the object as received with the uid and resourceVersion of the cached one (a watch
     * event is cached before the handlers hear of it); else null.
     */
    Cached<T> cached(T obj) {
        ObjectMeta m = obj.getMetadata();
        if (m == null || m.getName() == null) {
            return null;
        }
        Cached<T> e = entries.get(getKey(obj));
        if (e == null) {
            return null;
        }
        if (e.stub == obj) {
            return e;
        }
        ObjectMeta cached = e.stub.getMetadata();
        boolean same =
                m.getResourceVersion() != null
                        && m.getResourceVersion().equals(cached.getResourceVersion())
                        && Objects.equals(m.getUid(), cached.getUid());
        return same ? e : null;
    }

    /**
     * The record with its containers shared with equal ones (every pod of a deployment has the same
     * requests and limits, and mostly the same status): the record types copy their lists and maps
     * on construction, so whole {@code Container} objects and immutable lists are shared.
     */
    static K8sRecord compact(K8sRecord r) {
        if (r == null || r.pod() == null) {
            return r;
        }
        K8sRecord.Pod p = r.pod();
        List<K8sRecord.Container> containers =
                SHARED.share(List.copyOf(p.containers().stream().map(SHARED::share).toList()));
        K8sRecord.Pod body =
                new K8sRecord.Pod(
                        p.phase(),
                        p.ready(),
                        p.node() == null ? null : p.node().intern(),
                        p.deployment(),
                        p.createdMs(),
                        p.scheduledMs(),
                        p.readyMs(),
                        containers);
        return Records.of(
                r.kind(),
                r.tsMs(),
                r.action(),
                r.uid(),
                r.cluster(),
                r.namespace(),
                r.name(),
                body);
    }
}
