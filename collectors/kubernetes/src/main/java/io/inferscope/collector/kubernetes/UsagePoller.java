package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code metrics.k8s.io/v1beta1} pod metrics (served by metrics-server) and publishes one
 * {@code usage} record per container: cpu in cores, memory in bytes, the sampling window. A pod's
 * sample is published once: metrics-server refreshes less often than it may be polled, and a sample
 * with the timestamp already published is skipped. When the API is absent (404) it logs once and
 * stops; other failures (503 while metrics-server restarts, 403) are counted and retried.
 */
final class UsagePoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(UsagePoller.class);
    private static final long LOG_EVERY_MS = 300_000;

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final BiFunction<String, String, PodView> pods;
    private final Function<PodView, String> deployments;
    private final ChangeEmitter emitter;
    private final KubernetesMetrics metrics;
    private final String cluster;
    private final LongSupplier clock;
    private volatile boolean absent;
    private long lastLogMs = Long.MIN_VALUE / 2;

    /** Pod uid → timestamp of the last sample published; only pods of the latest poll stay. */
    private Map<String, Long> lastSample = new HashMap<>();

    UsagePoller(
            KubernetesClient client,
            List<String> namespaces,
            BiFunction<String, String, PodView> pods,
            Function<PodView, String> deployments,
            ChangeEmitter emitter,
            KubernetesMetrics metrics,
            String cluster,
            LongSupplier clock) {
        this.client = client;
        this.namespaces = namespaces;
        this.pods = pods;
        this.deployments = deployments;
        this.emitter = emitter;
        this.metrics = metrics;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** True once the API answered 404: polling has stopped for good. */
    boolean absent() {
        return absent;
    }

    @Override
    public void run() {
        if (absent) {
            return;
        }
        List<PodMetrics> items = new ArrayList<>();
        try {
            if (namespaces.isEmpty()) {
                items.addAll(client.top().pods().metrics().getItems());
            } else {
                for (String ns : namespaces) {
                    items.addAll(client.top().pods().metrics(ns).getItems());
                }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                absent = true;
                metrics.usagePoll("absent");
                LOG.info(
                        "metrics.k8s.io is not served (no metrics-server?): container usage is"
                                + " not collected");
                return;
            }
            failed(e);
            return;
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        metrics.usagePoll("ok");
        publish(items);
    }

    private void publish(List<PodMetrics> items) {
        Map<String, Long> seen = new HashMap<>(items.size() * 2);
        for (PodMetrics pm : items) {
            if (pm.getMetadata() == null) {
                continue;
            }
            PodView pod = pods.apply(pm.getMetadata().getNamespace(), pm.getMetadata().getName());
            if (pod == null || pod.getMetadata().getUid() == null) {
                continue; // not (yet) in the pod cache: no uid to key it by
            }
            String uid = pod.getMetadata().getUid();
            long ts = Times.first(Times.parse(pm.getTimestamp()), clock.getAsLong());
            seen.put(uid, ts);
            Long previous = lastSample.get(uid);
            if (previous != null && previous == ts) {
                continue;
            }
            for (K8sRecord r : records(pm, pod, ts)) {
                emitter.sample(r);
            }
        }
        lastSample = seen;
    }

    private List<K8sRecord> records(PodMetrics pm, PodView pod, long ts) {
        Long windowMs =
                pm.getWindow() == null || pm.getWindow().getDuration() == null
                        ? null
                        : pm.getWindow().getDuration().toMillis();
        String deployment = deployments.apply(pod);
        List<K8sRecord> out = new ArrayList<>();
        if (pm.getContainers() == null) {
            return out;
        }
        for (ContainerMetrics c : pm.getContainers()) {
            Map<String, Quantity> usage = c.getUsage();
            K8sRecord.Usage body =
                    new K8sRecord.Usage(
                            pod.getMetadata().getName(),
                            c.getName(),
                            deployment,
                            usage == null ? null : Quantities.toDouble(usage.get(Quantities.CPU)),
                            usage == null
                                    ? null
                                    : Quantities.toLong(
                                            Quantities.toDouble(usage.get(Quantities.MEMORY))),
                            windowMs);
            out.add(Records.of(Kind.USAGE, ts, Action.UPDATED, cluster, pod, body));
        }
        return out;
    }

    private void failed(RuntimeException e) {
        metrics.usagePoll("error");
        long now = System.currentTimeMillis();
        if (now - lastLogMs >= LOG_EVERY_MS) {
            lastLogMs = now;
            LOG.warn("metrics.k8s.io poll failed, will retry: {}", e.getMessage());
        }
    }
}
