package io.inferscope.collector.kubernetes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance per distinct value for the informer caches: equal maps (e.g. the resource requests
 * of every pod of a deployment) are stored once. Values must never be mutated once shared, which
 * holds for the cache's slim objects. Bounded: past {@code max} distinct values, new ones are kept
 * as they are, so an unusual cluster cannot grow this table without end.
 */
final class Shared {
    private final Map<Object, Object> seen = new ConcurrentHashMap<>();
    private final int max;

    Shared(int max) {
        this.max = max;
    }

    @SuppressWarnings("unchecked")
    <T> T share(T value) {
        if (value == null) {
            return null;
        }
        Object known = seen.get(value);
        if (known != null) {
            return (T) known;
        }
        if (seen.size() >= max) {
            return value;
        }
        Object raced = seen.putIfAbsent(value, value);
        return raced == null ? value : (T) raced;
    }

    int size() {
        return seen.size();
    }
}
