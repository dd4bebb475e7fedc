package io.inferscope.jobs.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.Serializable;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A metric of a derived stream: {@code requests.ttft_ms.p99}, {@code cluster.restarts}, {@code
 * cluster.pods_by_waiting_reason.CrashLoopBackOff}. Compiled against the record classes, so a typo
 * is refused with the fields that exist, and read from a record's JSON tree by exact field names.
 *
 * <p>Segments may also be split where the field name has an underscore ({@code
 * gpu.memory_used_ratio.max} is {@code memory_used_ratio_max}). After a map field the rest of the
 * path is the map key (quota keys contain dots); a key missing from a map of counts reads as 0, so
 * an alert on {@code pods_by_waiting_reason.CrashLoopBackOff} resolves when the entry goes away.
 */
final class MetricPath implements Serializable {
    private static final long serialVersionUID = 1L;

    final MetricStream stream;

    /** JSON field names from the record root; empty: the stream itself (absence rules). */
    final List<String> fields;

    /** The last field is a key of a map of numbers: absent means 0. */
    final boolean mapKey;

    private MetricPath(MetricStream stream, List<String> fields, boolean mapKey) {
        this.stream = stream;
        this.fields = List.copyOf(fields);
        this.mapKey = mapKey;
    }

    /** Compiles {@code text}; throws {@link InvalidRuleException} naming what is wrong. */
    static MetricPath compile(String at, String text, boolean streamAlone) {
        String[] parts = text.split("\\.");
        MetricStream stream = MetricStream.byPrefix(parts[0]);
        if (stream == null) {
            throw new InvalidRuleException(
                    at,
                    "unknown stream '"
                            + parts[0]
                            + "' in '"
                            + text
                            + "' (known: requests, gpu, cluster, logs)");
        }
        if (parts.length == 1) {
            if (!streamAlone) {
                throw new InvalidRuleException(at, "'" + text + "' names no field of the stream");
            }
            return new MetricPath(stream, List.of(), false);
        }
        List<String> fields = new ArrayList<>();
        Type type = stream.recordType;
        int i = 1;
        while (i < parts.length) {
            Class<?> raw = raw(type);
            if (raw == Map.class) {
                fields.add(String.join(".", Arrays.copyOfRange(parts, i, parts.length)));
                requireNumber(at, text, ((ParameterizedType) type).getActualTypeArguments()[1]);
                return new MetricPath(stream, fields, true);
            }
            if (!raw.isRecord()) {
                throw new InvalidRuleException(
                        at, "'" + text + "': " + fields.get(fields.size() - 1) + " has no fields");
            }
            int matched = -1;
            RecordComponent found = null;
            String name = parts[i];
            for (int j = i; j < parts.length && found == null; j++) {
                name = j == i ? parts[i] : name + "_" + parts[j];
                found = component(raw, name);
                matched = j;
            }
            if (found == null) {
                throw new InvalidRuleException(
                        at,
                        "unknown field '"
                                + parts[i]
                                + "' of "
                                + raw.getSimpleName()
                                + " in '"
                                + text
                                + "' (known: "
                                + String.join(", ", names(raw))
                                + ")");
            }
            fields.add(name);
            type = found.getGenericType();
            i = matched + 1;
        }
        requireNumber(at, text, type);
        return new MetricPath(stream, fields, false);
    }

    /** The value in {@code root}, null when the record has none. */
    Double read(JsonNode root) {
        JsonNode node = root;
        for (int i = 0; i < fields.size(); i++) {
            JsonNode next = node.get(fields.get(i));
            if (next == null || next.isNull()) {
                return mapKey && i == fields.size() - 1 && node.isObject() ? 0.0 : null;
            }
            node = next;
        }
        return node.isNumber() ? node.asDouble() : null;
    }

    private static void requireNumber(String at, String text, Type type) {
        Class<?> raw = raw(type);
        boolean number =
                raw == int.class
                        || raw == long.class
                        || raw == double.class
                        || Number.class.isAssignableFrom(raw);
        if (!number) {
            throw new InvalidRuleException(
                    at, "'" + text + "' is not a number (" + raw.getSimpleName() + ")");
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static RecordComponent component(Class<?> record, String jsonName) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (snake(c.getName()).equals(jsonName)) {
                return c;
            }
        }
        return null;
    }

    private static List<String> names(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(c -> snake(c.getName())).toList();
    }

    private static String snake(String name) {
        return PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(name);
    }

    @Override
    public String toString() {
        return stream.prefix() + (fields.isEmpty() ? "" : "." + String.join(".", fields));
    }
}
