package io.inferscope.collector.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

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

    private final List<Upstream> replicas;
    private final int[] outstanding;
    private final int cap;
    private final int maxQueue;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private int next;

    ReplicaRouter(List<Upstream> replicas, int maxInflightPerReplica, int maxQueue) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is required");
        }
        this.replicas = List.copyOf(replicas);
        this.outstanding = new int[replicas.size()];
        this.cap = Math.max(0, maxInflightPerReplica);
        this.maxQueue = Math.max(0, maxQueue);
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
            int best = 0;
            for (int k = 0; k < replicas.size(); k++) {
                int i = (next + k) % replicas.size();
                if (outstanding[i] < outstanding[best]) {
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

    // Under lock: index of the least-outstanding replica with room, ties round-robin; -1 if none.
    private int pick() {
        int best = -1;
        int n = replicas.size();
        for (int k = 0; k < n; k++) {
            int i = (next + k) % n;
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
