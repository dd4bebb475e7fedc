package io.inferscope.simulator;

import io.inferscope.simulator.Generation.State;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A replica's continuous-batching engine: a fixed number of slots, a FIFO queue in front of them,
 * prefill then one decode step per token, all driven by Vert.x timers (one pending timer per
 * running request, no thread per request).
 *
 * <p>All methods run on the replica's event-loop thread; the counters are volatile so that {@link
 * #snapshot} can be read from any thread (single writer, so the increments are safe).
 */
final class BatchEngine {

    private final Vertx vertx;
    private final ReplicaConfig config;
    private final SplittableRandom random;
    private final ArrayDeque<Generation> queue = new ArrayDeque<>();
    private final Set<Generation> running = new LinkedHashSet<>();

    private volatile int active;
    private volatile int queued;
    private volatile long kvTokens;
    private volatile long totalRequests;
    private volatile long completedRequests;
    private volatile long failedRequests;
    private volatile long abortedRequests;
    private volatile long promptTokens;
    private volatile long completedTokens;

    BatchEngine(Vertx vertx, ReplicaConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.random = new SplittableRandom(config.seed());
    }

    SplittableRandom random() {
        return random;
    }

    void countRequest() {
        totalRequests++;
    }

    void countFailure() {
        failedRequests++;
    }

    /** Starts or queues the generation; false when the queue is full (the caller answers 503). */
    boolean offer(Generation g) {
        if (active < config.slots()) {
            g.open();
            start(g);
            return true;
        }
        if (queue.size() >= config.maxQueue()) {
            return false;
        }
        g.open();
        queue.addLast(g);
        queued = queue.size();
        return true;
    }

    /** The client went away: stop generating and free the slot. */
    void abort(Generation g) {
        if (g.state == State.QUEUED) {
            queue.remove(g);
            queued = queue.size();
            g.state = State.FINISHED;
            abortedRequests++;
        } else if (g.state == State.RUNNING) {
            abortedRequests++;
            release(g);
        }
    }

    /** The replica goes down: every queued and running request loses its connection. */
    void failAll() {
        List<Generation> victims = new ArrayList<>(queue);
        victims.addAll(running);
        for (Generation g : victims) {
            if (g.state == State.QUEUED) {
                queue.remove(g);
                g.state = State.FINISHED;
            } else {
                release(g);
            }
            failedRequests++;
            g.cut();
        }
        queued = queue.size();
    }

    private void start(Generation g) {
        g.state = State.RUNNING;
        running.add(g);
        active = running.size();
        promptTokens += g.request.promptTokens();
        kvTokens += g.request.promptTokens();
        double prefillMs =
                config.latency().prefillMs(g.request.promptTokens()) + g.extraFirstTokenMs;
        schedule(g, prefillMs);
    }

    private void step(Generation g) {
        if (g.state != State.RUNNING) {
            return;
        }
        g.timerId = -1;
        if (g.emitted == g.disconnectAfter) {
            failedRequests++;
            release(g);
            g.cut();
            return;
        }
        g.emit(FillerText.token(random, g.emitted));
        completedTokens++;
        kvTokens++;
        if (g.emitted >= g.outputTokens) {
            completedRequests++;
            release(g);
            g.complete();
            return;
        }
        schedule(g, config.latency().decodeStepMs(active));
    }

    /**
     * Timers fire on whole milliseconds; keeping an absolute due time per request lets a late timer
     * be caught up by the next one instead of drifting.
     */
    private void schedule(Generation g, double delayMs) {
        long now = System.nanoTime();
        if (g.dueNanos == 0) {
            g.dueNanos = now;
        }
        g.dueNanos += (long) (delayMs * 1_000_000);
        long waitMs = Math.max(1, Math.round((g.dueNanos - now) / 1_000_000.0));
        g.timerId = vertx.setTimer(waitMs, id -> step(g));
    }

    private void release(Generation g) {
        if (g.timerId >= 0) {
            vertx.cancelTimer(g.timerId);
            g.timerId = -1;
        }
        g.state = State.FINISHED;
        running.remove(g);
        kvTokens -= g.request.promptTokens() + g.emitted;
        while (running.size() < config.slots() && !queue.isEmpty()) {
            start(queue.pollFirst());
        }
        active = running.size();
        queued = queue.size();
    }

    ReplicaStats snapshot(boolean down) {
        double fill = Math.min(1.0, Math.max(0, kvTokens) / (double) config.kvCacheTokens());
        return new ReplicaStats(
                config.name(),
                config.slots(),
                active,
                queued,
                totalRequests,
                completedRequests,
                failedRequests,
                abortedRequests,
                promptTokens,
                completedTokens,
                fill,
                down);
    }
}
