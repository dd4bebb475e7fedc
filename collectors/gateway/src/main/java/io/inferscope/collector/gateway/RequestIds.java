package io.inferscope.collector.gateway;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: random (version 4) UUIDs drawn from the thread's {@link ThreadLocalRandom} instead
 * of {@link UUID#randomUUID()}'s shared {@code SecureRandom}, which takes a lock on every call and
 * runs on every request's path to the upstream. An id only has to be unique, not unpredictable.
 */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(msb, lsb).toString();
    }
}
