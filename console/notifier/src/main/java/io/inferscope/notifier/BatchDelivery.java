package io.inferscope.notifier;

import io.inferscope.schemas.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one polled batch to every target: one thread per target, so a slow or failing receiver
 * delays only its own deliveries (and the commit), not the other targets'. Within a target alerts
 * go in record order, so a fingerprint's firing always reaches it before its resolve.
 */
final class BatchDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);

    private final List<Target> targets;
    private final List<ExecutorService> workers = new ArrayList<>();
    private final Delivery delivery;
    private final DedupState dedup;
    private final NotifierMetrics metrics;

    BatchDelivery(
            List<Target> targets, Delivery delivery, DedupState dedup, NotifierMetrics metrics) {
        this.targets = List.copyOf(targets);
        this.delivery = delivery;
        this.dedup = dedup;
        this.metrics = metrics;
        for (Target t : targets) {
            workers.add(
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread th = new Thread(r, "notifier-" + t.name());
                                th.setDaemon(true);
                                return th;
                            }));
        }
    }

    /** Starts the batch; the futures complete when every target delivered or gave up. */
    List<Future<?>> submit(List<Alert> alerts) {
        List<Future<?>> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            out.add(
                    workers.get(i)
                            .submit(
                                    () -> {
                                        deliverAll(t, alerts);
                                        return null;
                                    }));
        }
        return out;
    }

    /** Runs a batch to the end in the calling thread's view (tests, and the simple path). */
    void deliver(List<Alert> alerts) throws InterruptedException {
        for (Future<?> f : submit(alerts)) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("delivery task failed", e.getCause());
            }
        }
    }

    private void deliverAll(Target t, List<Alert> alerts) throws InterruptedException {
        TargetConfig c = t.config();
        NotifierMetrics.TargetCounters counters = metrics.target(c.name());
        for (Alert a : alerts) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            if (!c.filter().accepts(a)) {
                counters.filtered.increment();
                continue;
            }
            switch (dedup.verdict(c, a)) {
                case DUPLICATE -> counters.duplicate.increment();
                case REPLAYED -> counters.replayed.increment();
                case SEND -> {
                    // Only an accepted delivery is remembered: after a permanent failure or
                    // exhausted retries the next re-emit of the same state tries again.
                    if (send(t, a) == Outcome.DELIVERED) {
                        dedup.delivered(c, a);
                    }
                }
            }
        }
    }

    private Outcome send(Target t, Alert a) throws InterruptedException {
        try {
            return delivery.deliver(t, a);
        } catch (RuntimeException e) {
            // A bug or an unusable URL must not stall the other alerts: counted, logged, skipped.
            metrics.failed(t.config(), Outcome.PERMANENT);
            LOG.error(
                    "target {}: alert {} not sent: {}",
                    t.name(),
                    a.fingerprint(),
                    Delivery.scrub(e.toString(), t.config()));
            return Outcome.PERMANENT;
        }
    }

    @Override
    public void close() {
        workers.forEach(ExecutorService::shutdownNow);
    }
}
