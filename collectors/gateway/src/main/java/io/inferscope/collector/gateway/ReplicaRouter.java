package io.inferscope.collector.gateway;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Chooses a replica per request and enforces the optional per-replica concurrency cap.
 *
 * <p>Routing is least-outstanding-requests: the replica with the fewest requests in flight wins;
 * ties go round-robin (the scan starts after the last replica chosen), so equal replicas share load
 * evenly even when idle. With a cap ({@code maxInflightPerReplica > 0}) a request that finds every
 * replica full waits in one bounded FIFO queue; a released slot goes to the head of the queue. The
 * caller owns the wait timeout: it calls {@link Waiter#cancel()} when its timer fires, and the
 * answer says whether the request was still waiting (reject it) or was already granted.
 *
 * <p>Passive health checking (outlier ejection, like Envoy's {@code consecutive_gateway_failure} or
 * NGINX's {@code max_fails}): after {@code ejectAfter} consecutive connect failures reported on a
 * replica's leases it is ejected for a cooldown that doubles with each consecutive ejection (up to
 * {@link #MAX_COOLDOWN}); any response from it resets both. An ejected replica is not chosen while
 * another one is not ejected; when all are ejected routing falls back to plain least-outstanding,
 * so the gateway keeps trying. Only connect failures count: a 5xx means the server is up.
 *
 * <p>Thread-safe: event loops share one router; state changes under one short lock, and grant
 * callbacks run after the lock is released, on the thread that freed the slot (callers hop to their
 * own context).
 */
final class ReplicaRouter {

    /** What {@link #acquire} decided. */
    sealed interface Admission permits Granted, Queued, Rejected {}

    /** A slot was free: dispatch now. */
    record Granted(Lease lease) implements Admission {}

    /** Every replica is full: the request waits; the callback receives the lease later. */
    record Queued(Waiter waiter) implements Admission {}

    /** Every replica is full and the wait queue too. */
    record Rejected() implements Admission {}

    /** Longest ejection, however many times in a row a replica was ejected. */
    static final Duration MAX_COOLDOWN = Duration.ofSeconds(60);

    private final List<Upstream> replicas;
    private final int[] outstanding;
    private final int cap;
    private final int maxQueue;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private int next;

    private final int ejectAfter;
    private final long cooldownNanos;
    private final LongSupplier clock;
    private final int[] connectFailures; // consecutive, since the last response or ejection
    private final int[] ejectionsInARow; // since the last response
    private final long[] ejectedUntil; // nanos on the clock; valid when ejected[i]
    private final boolean[] ejected;
    private final long[] ejectionsTotal;

    ReplicaRouter(List<Upstream> replicas, int maxInflightPerReplica, int maxQueue) {
        this(replicas, maxInflightPerReplica, maxQueue, 0, Duration.ofSeconds(5), System::nanoTime);
    }

    ReplicaRouter(
            List<Upstream> replicas,
            int maxInflightPerReplica,
            int maxQueue,
            int ejectAfter,
            Duration cooldown,
            LongSupplier clock) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is required");
        }
        this.replicas = List.copyOf(replicas);
        int n = replicas.size();
        this.outstanding = new int[n];
        this.cap = Math.max(0, maxInflightPerReplica);
        this.maxQueue = Math.max(0, maxQueue);
        this.ejectAfter = Math.max(0, ejectAfter);
        this.cooldownNanos = Math.max(1, cooldown.toNanos());
        this.clock = clock;
        this.connectFailures = new int[n];
        this.ejectionsInARow = new int[n];
        this.ejectedUntil = new long[n];
        this.ejected = new boolean[n];
        this.ejectionsTotal = new long[n];
    }

    /** Takes a slot on the least loaded replica, or queues, or rejects. */
    Admission acquire(Consumer<Lease> onGrantedLater) {
        lock.lock();
        try {
            int i = pick();
            if (i >= 0) {
                return new Granted(take(i));
            }
            if (queue.size() >= maxQueue) {
                return new Rejected();
            }
            Waiter w = new Waiter(onGrantedLater);
            queue.addLast(w);
            return new Queued(w);
        } finally {
            lock.unlock();
        }
    }

    /** The replica a request would go to now, without taking a slot (for pass-through calls). */
    Upstream peek() {
        lock.lock();
        try {
            boolean skipEjected = anyAvailable(-1);
            int best = -1;
            for (int k = 0; k < replicas.size(); k++) {
                int i = (next + k) % replicas.size();
                if (skipEjected && ejected[i]) {
                    continue;
                }
                if (best < 0 || outstanding[i] < outstanding[best]) {
                    best = i;
                }
            }
            return replicas.get(best);
        } finally {
            lock.unlock();
        }
    }

    int queueDepth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Requests in flight per replica, in configuration order. */
    int[] outstanding() {
        lock.lock();
        try {
            return outstanding.clone();
        } finally {
            lock.unlock();
        }
    }

    List<Upstream> replicas() {
        return replicas;
    }

    /** Ejections so far per replica, in configuration order. */
    long[] ejectionsTotal() {
        lock.lock();
        try {
            return ejectionsTotal.clone();
        } finally {
            lock.unlock();
        }
    }

    /** Replicas ejected now. */
    int ejectedNow() {
        lock.lock();
        try {
            expire();
            int c = 0;
            for (boolean e : ejected) {
                c += e ? 1 : 0;
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A slot on another replica than {@code failed}'s, for the one retry of a request whose
     * connection was refused before anything was sent; null when no other non-ejected replica has a
     * free slot now (the retry never queues: the request then fails as it would have).
     */
    Lease retryElsewhere(Lease failed) {
        lock.lock();
        try {
            int i = pick(failed.index, true);
            return i < 0 ? null : take(i);
        } finally {
            lock.unlock();
        }
    }

    // Under lock: ends cooldowns that are over; the replica is then chosen again (half-open).
    private void expire() {
        if (ejectAfter == 0) {
            return;
        }
        long now = clock.getAsLong();
        for (int i = 0; i < ejected.length; i++) {
            if (ejected[i] && now - ejectedUntil[i] >= 0) {
                ejected[i] = false;
            }
        }
    }

    // Under lock: whether some replica other than `exclude` is not ejected.
    private boolean anyAvailable(int exclude) {
        expire();
        for (int i = 0; i < ejected.length; i++) {
            if (i != exclude && !ejected[i]) {
                return true;
            }
        }
        return false;
    }

    private void connectFailed(int i) {
        if (ejectAfter == 0) {
            return;
        }
        lock.lock();
        try {
            expire();
            if (ejected[i]) {
                return; // requests already in flight when it was ejected: no longer ejection
            }
            if (++connectFailures[i] >= ejectAfter) {
                connectFailures[i] = 0;
                int shift = Math.min(ejectionsInARow[i], 16);
                long cool = Math.min(cooldownNanos << shift, MAX_COOLDOWN.toNanos());
                cool = Math.max(cool, Math.min(cooldownNanos, MAX_COOLDOWN.toNanos()));
                ejectionsInARow[i]++;
                ejectionsTotal[i]++;
                ejected[i] = true;
                ejectedUntil[i] = clock.getAsLong() + cool;
            }
        } finally {
            lock.unlock();
        }
    }

    private void responded(int i) {
        if (ejectAfter == 0) {
            return;
        }
        lock.lock();
        try {
            connectFailures[i] = 0;
            ejectionsInARow[i] = 0;
        } finally {
            lock.unlock();
        }
    }

    // Under lock: index of the least-outstanding replica with room, ties round-robin; -1 if none.
    private int pick() {
        return pick(-1, false);
    }

    // Under lock: as pick(), never `exclude`; ejected replicas only when all are (and !strict).
    private int pick(int exclude, boolean strict) {
        boolean skipEjected = strict || anyAvailable(-1);
        int best = -1;
        int n = replicas.size();
        for (int k = 0; k < n; k++) {
            int i = (next + k) % n;
            if (i == exclude || (skipEjected && ejected[i])) {
                continue;
            }
            if (cap > 0 && outstanding[i] >= cap) {
                continue;
            }
            if (best < 0 || outstanding[i] < outstanding[best]) {
                best = i;
            }
        }
        if (best >= 0) {
            next = (best + 1) % n;
        }
        return best;
    }

    private Lease take(int i) {
        outstanding[i]++;
        return new Lease(i);
    }

    private void release(int i) {
        List<Waiter> grantees = new ArrayList<>(1);
        List<Lease> leases = new ArrayList<>(1);
        lock.lock();
        try {
            outstanding[i]--;
            while (!queue.isEmpty()) {
                int free = pick();
                if (free < 0) {
                    break;
                }
                Waiter w = queue.pollFirst();
                w.granted = true;
                grantees.add(w);
                leases.add(take(free));
            }
        } finally {
            lock.unlock();
        }
        for (int k = 0; k < grantees.size(); k++) {
            grantees.get(k).onGranted.accept(leases.get(k));
        }
    }

    /** A slot on one replica; release exactly once (later calls are ignored). */
    final class Lease {
        private final int index;
        private boolean released;

        private Lease(int index) {
            this.index = index;
        }

        Upstream replica() {
            return replicas.get(index);
        }

        /** The replica refused or dropped the connection before any response head. */
        void connectFailed() {
            ReplicaRouter.this.connectFailed(index);
        }

        /** The replica answered (any status: a 5xx still means the server is up). */
        void responded() {
            ReplicaRouter.this.responded(index);
        }

        void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            ReplicaRouter.this.release(index);
        }
    }

    /** A request waiting for a slot. */
    final class Waiter {
        private final Consumer<Lease> onGranted;
        private boolean granted; // guarded by the router's lock

        private Waiter(Consumer<Lease> onGranted) {
            this.onGranted = onGranted;
        }

        /**
         * Stops waiting. Returns true when the request was still queued (it will never be granted);
         * false when a slot was already granted (the callback has run or is about to run, and the
         * receiver of the lease must release it).
         */
        boolean cancel() {
            lock.lock();
            try {
                if (granted) {
                    return false;
                }
                return queue.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }
}
