package io.inferscope.collector.gateway;

import io.inferscope.collector.core.PrometheusWriter;
import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.RequestEvent.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's own counters, written in the Prometheus text format beside the publisher's on the
 * collector's self-metrics endpoint. Thread-safe; counters only grow.
 *
 * <ul>
 *   <li>{@code inferscope_gateway_requests_total{endpoint,code}}: finished requests by the status
 *       class sent to the client ({@code 2xx}, {@code 4xx}, {@code 5xx}, {@code none} when the
 *       client left before a status was sent);
 *   <li>{@code inferscope_gateway_request_errors_total{error_class}};
 *   <li>{@code inferscope_gateway_upstream_errors_total{replica,error_class}}: failures caused by a
 *       replica (connect, 5xx, timeout);
 *   <li>{@code inferscope_gateway_inflight}, {@code inferscope_gateway_queue_depth}, {@code
 *       inferscope_gateway_replica_outstanding{replica}};
 *   <li>{@code inferscope_gateway_upstream_ejections_total{replica}}, {@code
 *       inferscope_gateway_upstreams_ejected}: outlier ejections so far, and replicas ejected now;
 *   <li>{@code inferscope_gateway_upstream_retries_total}: requests retried on another replica
 *       after a refused connection;
 *   <li>{@code inferscope_gateway_records_not_accepted_total}: records the publisher refused;
 *   <li>{@code inferscope_gateway_ingest_records_total{topic}}, {@code
 *       inferscope_gateway_ingest_rejected_batches_total}.
 * </ul>
 */
public final class GatewayMetrics {
    private static final String P = "inferscope_gateway_";

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<ErrorClass, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> upstreamErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> ingested = new ConcurrentHashMap<>();
    private final LongAdder ingestRejected = new LongAdder();
    private final LongAdder notAccepted = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final AtomicInteger inflight = new AtomicInteger();
    private volatile ReplicaRouter router;

    void attach(ReplicaRouter r) {
        this.router = r;
    }

    void arrived() {
        inflight.incrementAndGet();
    }

    void finished(Endpoint endpoint, Integer statusSent, ErrorClass errorClass, String replica) {
        inflight.decrementAndGet();
        String code = statusSent == null ? "none" : (statusSent / 100) + "xx";
        requests.computeIfAbsent(endpoint.wire() + "|" + code, k -> new LongAdder()).increment();
        if (errorClass != null) {
            errors.computeIfAbsent(errorClass, k -> new LongAdder()).increment();
            if (isUpstreamFault(errorClass) && replica != null) {
                upstreamErrors
                        .computeIfAbsent(replica + "|" + errorClass.wire(), k -> new LongAdder())
                        .increment();
            }
        }
    }

    void passedThrough(Integer statusSent) {
        String code = statusSent == null ? "none" : (statusSent / 100) + "xx";
        requests.computeIfAbsent("other|" + code, k -> new LongAdder()).increment();
    }

    void retried() {
        retries.increment();
    }

    /** Requests retried on another replica after a refused connection. */
    public long retriesTotal() {
        return retries.sum();
    }

    /** Outlier ejections of one replica so far (0 for an unknown name). */
    public long ejectionsTotal(String replica) {
        ReplicaRouter r = router;
        if (r == null) {
            return 0;
        }
        long[] totals = r.ejectionsTotal();
        for (int i = 0; i < totals.length; i++) {
            if (r.replicas().get(i).name().equals(replica)) {
                return totals[i];
            }
        }
        return 0;
    }

    void notAccepted() {
        notAccepted.increment();
    }

    void ingested(String topic, int count) {
        ingested.computeIfAbsent(topic, k -> new LongAdder()).add(count);
    }

    void ingestRejected() {
        ingestRejected.increment();
    }

    public int inflight() {
        return inflight.get();
    }

    /** Requests waiting for a replica slot now. */
    public int queueDepth() {
        ReplicaRouter r = router;
        return r == null ? 0 : r.queueDepth();
    }

    public long requestsTotal(String endpoint, String codeClass) {
        LongAdder a = requests.get(endpoint + "|" + codeClass);
        return a == null ? 0 : a.sum();
    }

    public long recordsNotAccepted() {
        return notAccepted.sum();
    }

    /** Writes every metric; hand to the self-metrics server beside the publisher's own. */
    public void writeTo(PrometheusWriter w) {
        w.counter(P + "requests_total", "Finished proxied requests by status class sent.");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
            String[] k = e.getKey().split("\\|", 2);
            w.sample(e.getValue().sum(), "endpoint", k[0], "code", k[1]);
        }
        w.counter(P + "request_errors_total", "Failed requests by error class.");
        for (Map.Entry<ErrorClass, LongAdder> e : new TreeMap<>(errors).entrySet()) {
            w.sample(e.getValue().sum(), "error_class", e.getKey().wire());
        }
        w.counter(P + "upstream_errors_total", "Failures caused by a replica, by class.");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(upstreamErrors).entrySet()) {
            String[] k = e.getKey().split("\\|", 2);
            w.sample(e.getValue().sum(), "replica", k[0], "error_class", k[1]);
        }
        w.gauge(P + "inflight", "Measured requests between arrival and end.");
        w.sample(inflight.get());
        ReplicaRouter r = router;
        w.gauge(P + "queue_depth", "Requests waiting for a replica slot.");
        w.sample(r == null ? 0 : r.queueDepth());
        if (r != null) {
            w.gauge(P + "replica_outstanding", "Requests in flight per replica.");
            int[] outstanding = r.outstanding();
            List<Upstream> replicas = r.replicas();
            for (int i = 0; i < outstanding.length; i++) {
                w.sample(outstanding[i], "replica", replicas.get(i).name());
            }
            w.counter(P + "upstream_ejections_total", "Outlier ejections per replica.");
            long[] ejections = r.ejectionsTotal();
            for (int i = 0; i < ejections.length; i++) {
                w.sample(ejections[i], "replica", replicas.get(i).name());
            }
            w.gauge(P + "upstreams_ejected", "Replicas ejected now.");
            w.sample(r.ejectedNow());
        }
        w.counter(P + "upstream_retries_total", "Requests retried after a refused connection.");
        w.sample(retries.sum());
        w.counter(P + "records_not_accepted_total", "Records the publisher did not accept.");
        w.sample(notAccepted.sum());
        w.counter(P + "ingest_records_total", "Records accepted by the ingest endpoint.");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(ingested).entrySet()) {
            w.sample(e.getValue().sum(), "topic", e.getKey());
        }
        w.counter(
                P + "ingest_rejected_batches_total",
                "Ingest batches refused because a record was invalid.");
        w.sample(ingestRejected.sum());
    }

    private static boolean isUpstreamFault(ErrorClass c) {
        return c == ErrorClass.UPSTREAM_CONNECT
                || c == ErrorClass.UPSTREAM_5XX
                || c == ErrorClass.TIMEOUT;
    }
}
