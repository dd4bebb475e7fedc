package io.inferscope.collector.gateway;

import io.inferscope.schemas.Labels;
import java.time.Duration;
import java.util.List;

/**
 * Everything a {@link Gateway} needs, as an immutable value. Start from {@link #defaults(List)} and
 * change what differs with the {@code with...} methods.
 *
 * @param host address to bind (default {@code 0.0.0.0})
 * @param port port to listen on; 0 picks a free one (default {@value #DEFAULT_PORT})
 * @param upstreams the replicas, at least one
 * @param maxInflightPerReplica per-replica concurrency cap; 0 means no cap and no wait queue
 * @param maxQueue bound of the FIFO wait queue used when every replica is at its cap
 * @param queueTimeout longest wait for a replica slot before a 503
 * @param upstreamTimeout longest silence from the upstream (before the head, or between body bytes)
 *     before the request fails with {@code timeout}
 * @param labels cluster / namespace / deployment put on every record (model and replica are filled
 *     per request)
 * @param tokenInterval least time between two token-progress records of one request
 * @param tokenEveryChunks also emit a progress record after this many content chunks (0 = off)
 * @param maxRequestBodyBytes largest request body accepted on the measured endpoints (413 beyond)
 * @param eventLoops number of event loops (server + client instances)
 * @param ejectAfter consecutive connect failures that eject a replica (0 = never eject, no retry)
 * @param ejectCooldown first ejection's length; doubles per consecutive ejection, up to 60 s
 */
public record GatewayConfig(
        String host,
        int port,
        List<Upstream> upstreams,
        int maxInflightPerReplica,
        int maxQueue,
        Duration queueTimeout,
        Duration upstreamTimeout,
        Labels labels,
        Duration tokenInterval,
        int tokenEveryChunks,
        int maxRequestBodyBytes,
        int eventLoops,
        int ejectAfter,
        Duration ejectCooldown) {

    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_MAX_QUEUE = 256;
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration DEFAULT_TOKEN_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_EJECT_AFTER = 3;
    public static final Duration DEFAULT_EJECT_COOLDOWN = Duration.ofSeconds(5);

    public GatewayConfig {
        upstreams = List.copyOf(upstreams);
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        labels = labels == null ? Labels.EMPTY : labels;
        requirePositive("queue timeout", queueTimeout);
        requirePositive("upstream timeout", upstreamTimeout);
        requirePositive("token interval", tokenInterval);
        requirePositive("eject cooldown", ejectCooldown);
        if (ejectAfter < 0) {
            throw new IllegalArgumentException("eject-after must not be negative");
        }
        if (maxInflightPerReplica < 0 || maxQueue < 0 || tokenEveryChunks < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if (maxRequestBodyBytes <= 0 || eventLoops <= 0) {
            throw new IllegalArgumentException("body limit and event loops must be positive");
        }
    }

    public static GatewayConfig defaults(List<Upstream> upstreams) {
        return new GatewayConfig(
                "0.0.0.0",
                DEFAULT_PORT,
                upstreams,
                0,
                DEFAULT_MAX_QUEUE,
                DEFAULT_QUEUE_TIMEOUT,
                DEFAULT_UPSTREAM_TIMEOUT,
                Labels.EMPTY,
                DEFAULT_TOKEN_INTERVAL,
                0,
                DEFAULT_MAX_REQUEST_BODY_BYTES,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                DEFAULT_EJECT_AFTER,
                DEFAULT_EJECT_COOLDOWN);
    }

    public GatewayConfig withListen(String newHost, int newPort) {
        return new GatewayConfig(
                newHost,
                newPort,
                upstreams,
                maxInflightPerReplica,
                maxQueue,
                queueTimeout,
                upstreamTimeout,
                labels,
                tokenInterval,
                tokenEveryChunks,
                maxRequestBodyBytes,
                eventLoops,
                ejectAfter,
                ejectCooldown);
    }

    public GatewayConfig withConcurrency(int cap, int queueBound, Duration wait) {
        return new GatewayConfig(
                host,
                port,
                upstreams,
                cap,
                queueBound,
                wait,
                upstreamTimeout,
                labels,
                tokenInterval,
                tokenEveryChunks,
                maxRequestBodyBytes,
                eventLoops,
                ejectAfter,
                ejectCooldown);
    }

    public GatewayConfig withUpstreamTimeout(Duration timeout) {
        return new GatewayConfig(
                host,
                port,
                upstreams,
                maxInflightPerReplica,
                maxQueue,
                queueTimeout,
                timeout,
                labels,
                tokenInterval,
                tokenEveryChunks,
                maxRequestBodyBytes,
                eventLoops,
                ejectAfter,
                ejectCooldown);
    }

    public GatewayConfig withLabels(Labels newLabels) {
        return new GatewayConfig(
                host,
                port,
                upstreams,
                maxInflightPerReplica,
                maxQueue,
                queueTimeout,
                upstreamTimeout,
                newLabels,
                tokenInterval,
                tokenEveryChunks,
                maxRequestBodyBytes,
                eventLoops,
                ejectAfter,
                ejectCooldown);
    }

    public GatewayConfig withTokenProgress(Duration interval, int everyChunks) {
        return new GatewayConfig(
                host,
                port,
                upstreams,
                maxInflightPerReplica,
                maxQueue,
                queueTimeout,
                upstreamTimeout,
                labels,
                interval,
                everyChunks,
                maxRequestBodyBytes,
                eventLoops,
                ejectAfter,
                ejectCooldown);
    }

    public GatewayConfig withEventLoops(int loops) {
        return new GatewayConfig(
                host,
                port,
                upstreams,
                maxInflightPerReplica,
                maxQueue,
                queueTimeout,
                upstreamTimeout,
                labels,
                tokenInterval,
                tokenEveryChunks,
                maxRequestBodyBytes,
                loops,
                ejectAfter,
                ejectCooldown);
    }

    /** Outlier ejection: {@code after} consecutive connect failures (0 = off), first cooldown. */
    public GatewayConfig withEjection(int after, Duration cooldown) {
        return new GatewayConfig(
                host,
                port,
                upstreams,
                maxInflightPerReplica,
                maxQueue,
                queueTimeout,
                upstreamTimeout,
                labels,
                tokenInterval,
                tokenEveryChunks,
                maxRequestBodyBytes,
                eventLoops,
                after,
                cooldown);
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
