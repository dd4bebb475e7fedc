package io.inferscope.collector.core;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Parks the I/O thread until there is work, without a lock on the publishing path: a publisher only
 * unparks when the I/O thread announced it is about to park. The I/O thread sets the flag before
 * re-checking for work, and a publisher enqueues before reading the flag, so one of the two always
 * sees the other (volatile accesses are totally ordered).
 */
final class Wakeup {
    private volatile Thread owner;
    private volatile boolean parking;

    void bind(Thread thread) {
        owner = thread;
    }

    /** Called after making work available (a record queued, a send completed). */
    void signal() {
        if (parking) {
            Thread t = owner;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Parks the owner for up to {@code nanos} unless {@code hasWork} says there is work. */
    void await(long nanos, BooleanSupplier hasWork) {
        parking = true;
        try {
            if (!hasWork.getAsBoolean()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            parking = false;
        }
    }
}
