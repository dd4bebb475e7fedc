package io.inferscope.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Merging the answers of several instances for the endpoints whose data spans partitions ({@code
 * groups}, {@code alerts}, {@code events}). Each instance sorts and limits its own part; the union
 * must be sorted and limited again, or a list that is "newest first, at most N" on one instance
 * becomes neither once concatenated.
 */
final class Gathered {
    private Gathered() {}

    /** Arrays concatenate; objects merge their array fields, de-duplicating plain values. */
    static JsonNode merge(JsonNode a, JsonNode b) {
        if (a instanceof ArrayNode x && b instanceof ArrayNode y) {
            return x.deepCopy().addAll(y);
        }
        if (a instanceof ObjectNode x && b instanceof ObjectNode y) {
            ObjectNode out = x.deepCopy();
            for (Iterator<String> it = y.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (out.get(f) instanceof ArrayNode mine && y.get(f) instanceof ArrayNode theirs) {
                    Set<JsonNode> union = new LinkedHashSet<>();
                    mine.forEach(union::add);
                    theirs.forEach(union::add);
                    out.putArray(f).addAll(union);
                } else if (!out.has(f)) {
                    out.set(f, y.get(f).deepCopy());
                }
            }
            return out;
        }
        return a;
    }

    /** Alerts newest first by {@code updated_at_ms}, as {@link Views#alerts} orders them. */
    static JsonNode alerts(JsonNode merged) {
        return newestFirst(merged, a -> a.path("updated_at_ms").asLong(), Integer.MAX_VALUE);
    }

    /** Events newest first (as {@link Views#events}), cut to {@code limit} again. */
    static JsonNode events(JsonNode merged, int limit) {
        return newestFirst(merged, Views::eventTs, limit);
    }

    private static JsonNode newestFirst(JsonNode merged, ToLongFunction<JsonNode> ts, int limit) {
        if (!(merged instanceof ArrayNode array)) {
            return merged;
        }
        List<JsonNode> all = new ArrayList<>();
        array.forEach(all::add);
        all.sort(Comparator.comparingLong(ts).reversed());
        return Json.MAPPER.createArrayNode().addAll(all.subList(0, Math.min(limit, all.size())));
    }
}
