package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns informer notifications of one resource into records. Runs on the informer's own serial
 * executor, so one object's notifications arrive in order; never blocks (the sink does not).
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
        try {
            return mapper.map(obj, action, clock.getAsLong());
        } catch (RuntimeException e) {
            metrics.mappingError();
            long now = System.currentTimeMillis();
            long last = lastLogMs.get();
            if (now - last >= LOG_EVERY_MS && lastLogMs.compareAndSet(last, now)) {
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
