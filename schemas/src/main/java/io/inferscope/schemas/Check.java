package io.inferscope.schemas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Contract checks used by the records' compact constructors. Field names are the JSON names. */
public final class Check {
    private Check() {}

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new SchemaViolation(field, "is required");
        }
        return value;
    }

    public static String requiredText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new SchemaViolation(field, "is required and must not be blank");
        }
        return value;
    }

    public static void absent(String field, Object value, String when) {
        if (value != null) {
            throw new SchemaViolation(field, "must be absent " + when);
        }
    }

    public static long timestamp(String field, long epochMs) {
        if (epochMs <= 0) {
            throw new SchemaViolation(
                    field, "must be a positive epoch-millisecond time, got " + epochMs);
        }
        return epochMs;
    }

    public static Long timestamp(String field, Long epochMs) {
        if (epochMs != null) {
            timestamp(field, epochMs.longValue());
        }
        return epochMs;
    }

    public static Double nonNegative(String field, Double value) {
        if (value != null && (value.isNaN() || value.isInfinite() || value < 0)) {
            throw new SchemaViolation(field, "must be a finite number >= 0, got " + value);
        }
        return value;
    }

    public static double nonNegative(String field, double value) {
        nonNegative(field, Double.valueOf(value));
        return value;
    }

    public static Long nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw new SchemaViolation(field, "must be >= 0, got " + value);
        }
        return value;
    }

    public static long nonNegative(String field, long value) {
        nonNegative(field, Long.valueOf(value));
        return value;
    }

    public static Integer nonNegative(String field, Integer value) {
        if (value != null && value < 0) {
            throw new SchemaViolation(field, "must be >= 0, got " + value);
        }
        return value;
    }

    public static int nonNegative(String field, int value) {
        nonNegative(field, Integer.valueOf(value));
        return value;
    }

    public static Double percent(String field, Double value) {
        nonNegative(field, value);
        if (value != null && value > 100.0) {
            throw new SchemaViolation(field, "must be a percentage in [0, 100], got " + value);
        }
        return value;
    }

    public static Double ratio(String field, Double value) {
        nonNegative(field, value);
        return value;
    }

    /**
     * An immutable copy of a map of counts or amounts; null becomes empty. Null and negative values
     * are violations named {@code field.key}.
     */
    public static <V extends Number> Map<String, V> nonNegativeMap(
            String field, Map<String, V> value) {
        Map<String, V> out = map(field, value);
        for (Map.Entry<String, V> e : out.entrySet()) {
            String at = field + "." + e.getKey();
            Number n = e.getValue();
            if (n instanceof Double d) {
                nonNegative(at, d);
            } else if (n.longValue() < 0) {
                throw new SchemaViolation(at, "must be >= 0, got " + n);
            }
        }
        return out;
    }

    /** An immutable copy; null becomes empty. Null elements are a violation. */
    public static <T> List<T> list(String field, List<T> value) {
        return value == null ? List.of() : copy(field, value);
    }

    /** An immutable copy that keeps insertion order; null becomes empty. */
    public static <K, V> Map<K, V> map(String field, Map<K, V> value) {
        return value == null ? Map.of() : copy(field, value);
    }

    public static <T> List<T> nullableList(String field, List<T> value) {
        return value == null ? null : copy(field, value);
    }

    public static <K, V> Map<K, V> nullableMap(String field, Map<K, V> value) {
        return value == null ? null : copy(field, value);
    }

    private static <T> List<T> copy(String field, List<T> value) {
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new SchemaViolation(field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(value);
    }

    private static <K, V> Map<K, V> copy(String field, Map<K, V> value) {
        Map<K, V> out = new LinkedHashMap<>(value.size() * 2);
        for (Map.Entry<K, V> e : value.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new SchemaViolation(field + "." + e.getKey(), "must not be null");
            }
            out.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(out);
    }
}
