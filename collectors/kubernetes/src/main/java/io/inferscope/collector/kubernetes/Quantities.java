package io.inferscope.collector.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Kubernetes {@code Quantity} values in base units: cpu in cores ({@code 500m} = 0.5), memory in
 * bytes ({@code 2Gi} = 2147483648), devices as counts. Maps come back sorted by key, so that two
 * equal resource sets always encode to the same bytes (the dedupe hash relies on it).
 */
public final class Quantities {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String GPU = "nvidia.com/gpu";

    /** The container resources a pod record reports. */
    static final Collection<String> CONTAINER_RESOURCES = List.of(CPU, MEMORY, GPU);

    private Quantities() {}

    /**
     * The amount in base units, or null when absent, unparseable, negative or not finite (a record
     * carries only non-negative finite amounts).
     */
    public static Double toDouble(Quantity q) {
        if (q == null) {
            return null;
        }
        double v;
        try {
            v = q.getNumericalAmount().doubleValue();
        } catch (RuntimeException e) { // ArithmeticException, NumberFormatException, bad suffix
            return null;
        }
        return Double.isFinite(v) && v >= 0 ? v : null;
    }

    /** A quantity as Kubernetes writes it (e.g. {@code "500m"}), in base units. */
    public static Double parse(String amount) {
        if (amount == null || amount.isBlank()) {
            return null;
        }
        try {
            return toDouble(new Quantity(amount.trim()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Every parseable entry, sorted by resource name; empty for null. */
    public static SortedMap<String, Double> all(Map<String, Quantity> quantities) {
        SortedMap<String, Double> out = new TreeMap<>();
        if (quantities != null) {
            quantities.forEach(
                    (k, q) -> {
                        Double v = toDouble(q);
                        if (k != null && v != null) {
                            out.put(k, v);
                        }
                    });
        }
        return out;
    }

    /** The entries named in {@code keys}, sorted; empty for null. */
    public static SortedMap<String, Double> select(
            Map<String, Quantity> quantities, Collection<String> keys) {
        SortedMap<String, Double> out = all(quantities);
        out.keySet().retainAll(keys);
        return out;
    }

    /** Long value for byte amounts (memory usage), rounded; null stays null. */
    public static Long toLong(Double v) {
        return v == null ? null : Math.round(v);
    }
}
