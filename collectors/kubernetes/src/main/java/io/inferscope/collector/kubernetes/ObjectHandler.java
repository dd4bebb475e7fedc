package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns informer notifications of one resource into records. Runs on the informer's own serial
 * executor, so one object's notifications arrive in order; never blocks (the sink does not).
 *
 * <p>An object its {@link RecordStore} holds (a cached stub: the initial list, resyncs, deletions
 * seen on a re-list; or a watch event just cached) is published as the record cached with it, so
 * each version is mapped once, when it is cached; anything else (a deletion from the watch, tests
 * without a store) is mapped here.
 */
final class ObjectHandler<T extends HasMetadata> implements ResourceEventHandler<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectHandler.class);
    private static final long LOG_EVERY_MS = 60_000;

    /** Maps an object to its record; may throw for an object the contract cannot carry. */
    interface Mapper<T> {
        K8sRecord map(T obj, Action action, long tsMs);
    }

    private final String resource;
    private final Mapper<T> mapper;
    private final ChangeEmitter emitter;
    private final KubernetesMetrics metrics;
    private final LongSupplier clock;
    private final boolean publishDeletes;
    private final AtomicLong lastLogMs = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile Function<T, RecordStore<T>> stores = obj -> null;

    ObjectHandler(
            String resource,
            Mapper<T> mapper,
            ChangeEmitter emitter,
            KubernetesMetrics metrics,
            LongSupplier clock,
            boolean publishDeletes) {
        this.resource = resource;
        this.mapper = mapper;
        this.emitter = emitter;
        this.metrics = metrics;
        this.clock = clock;
        this.publishDeletes = publishDeletes;
    }

    /** Where the informer caches of this resource are: the store of an object's namespace. */
    void stores(Function<T, RecordStore<T>> storeOf) {
        this.stores = storeOf;
    }

    /** The record a store caches with {@code obj}; null when it cannot be mapped (counted). */
    K8sRecord cacheRecord(T obj) {
        return mapSafely(obj, Action.ADDED, clock.getAsLong());
    }

    @Override
    public void onAdd(T obj) {
        K8sRecord r = map(obj, Action.ADDED);
        if (r != null) {
            emitter.changed(r);
        }
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        K8sRecord r = map(newObj, Action.UPDATED);
        if (r != null) {
            emitter.changed(r);
        }
    }

    @Override
    public void onDelete(T obj, boolean finalStateUnknown) {
        if (!publishDeletes) {
            String uid = obj.getMetadata() == null ? null : obj.getMetadata().getUid();
            if (uid != null) {
                emitter.forget(uid);
            }
            return;
        }
        // With finalStateUnknown the deletion happened while the watch was down: the body is the
        // last state seen, which is still the best description of what went away.
        K8sRecord r = map(obj, Action.DELETED);
        if (r != null) {
            emitter.deleted(r);
        }
    }

    private K8sRecord map(T obj, Action action) {
        long now = clock.getAsLong();
        RecordStore<T> store = obj.getMetadata() == null ? null : stores.apply(obj);
        RecordStore.Cached<T> cached = store == null ? null : store.cached(obj);
        if (cached != null) {
            // null: the object could not be mapped when it was cached (counted and logged then)
            return cached.record() == null ? null : Records.with(cached.record(), now, action);
        }
        return mapSafely(obj, action, now);
    }

    private K8sRecord mapSafely(T obj, Action action, long now) {
        try {
            return mapper.map(obj, action, now);
        } catch (RuntimeException e) {
            metrics.mappingError();
            long wall = System.currentTimeMillis();
            long last = lastLogMs.get();
            if (wall - last >= LOG_EVERY_MS && lastLogMs.compareAndSet(last, wall)) {
                LOG.warn(
                        "Cannot map {} {}/{}: {} (further errors counted, logged once a minute)",
                        resource,
                        obj.getMetadata() == null ? "?" : obj.getMetadata().getNamespace(),
                        obj.getMetadata() == null ? "?" : obj.getMetadata().getName(),
                        e.getMessage());
            }
            return null;
        }
    }
}
