package io.inferscope.console;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferscope.schemas.sketch.QuantileSketches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The queries behind the REST API, over this instance's stores only (the server forwards or gathers
 * across instances). Ranges select windows whose {@code window_start_ms} lies in {@code [from,
 * to)}.
 */
public final class Views {
    private final StoreAccess stores;

    public Views(StoreAccess stores) {
        this.stores = stores;
    }

    /**
     * One point per stored window: {@code {"t": window_start_ms, "end": window_end_ms, "v": x}}.
     */
    public ArrayNode series(
            StoreNames.Metrics m, String group, int windowS, String field, long from, long to) {
        ArrayNode points = Json.MAPPER.createArrayNode();
        for (JsonNode record : windows(m, group, windowS, from, to)) {
            ObjectNode p = points.addObject();
            p.put("t", record.path("window_start_ms").asLong());
            p.put("end", record.path("window_end_ms").asLong());
            Double v = Json.number(record, field);
            if (v == null) {
                p.putNull("v");
            } else {
                p.put("v", v);
            }
        }
        return points;
    }

    /**
     * Several fields of one group as columns, for charts: {@code t} (window starts), {@code end}
     * and one array per field in {@code columns}, aligned by index; null where a window lacks the
     * field. One store scan instead of one per field.
     */
    public ObjectNode columns(
            StoreNames.Metrics m,
            String group,
            int windowS,
            List<String> fields,
            long from,
            long to) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode t = out.putArray("t");
        ArrayNode end = out.putArray("end");
        ObjectNode columns = out.putObject("columns");
        for (String f : fields) {
            columns.putArray(f);
        }
        for (JsonNode record : windows(m, group, windowS, from, to)) {
            t.add(record.path("window_start_ms").asLong());
            end.add(record.path("window_end_ms").asLong());
            for (String f : fields) {
                Double v = Json.number(record, f);
                ArrayNode col = (ArrayNode) columns.get(f);
                if (v == null) {
                    col.addNull();
                } else {
                    col.add(v);
                }
            }
        }
        return out;
    }

    /**
     * The {@code q} quantile of {@code field} (a {@code Quantiles} field such as {@code ttft_ms})
     * over the range, from the merge of the windows' sketches: exact up to the sketches' 1 %
     * relative accuracy, never an average of per-window percentiles. Windows whose field has no
     * sketch are counted in {@code windows_without_sketch}.
     */
    public ObjectNode percentile(
            StoreNames.Metrics m,
            String group,
            int windowS,
            String field,
            double q,
            long from,
            long to) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be within [0, 1]");
        }
        DDSketch merged = QuantileSketches.newSketch();
        int used = 0;
        int without = 0;
        for (JsonNode record : windows(m, group, windowS, from, to)) {
            String sketch = Json.text(record, field + ".sketch");
            if (sketch == null) {
                without++;
                continue;
            }
            merged.mergeWith(QuantileSketches.decode(sketch));
            used++;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("group", group).put("field", field).put("q", q).put("window_s", windowS);
        out.put("from", from).put("to", to).put("windows", used);
        out.put("windows_without_sketch", without).put("count", merged.getCount());
        if (merged.isEmpty()) {
            out.putNull("value");
        } else {
            out.put("value", merged.getValueAtQuantile(q));
        }
        return out;
    }

    /** Groups, windows and identities seen in the latest stores, per topic. */
    public ObjectNode groups() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        Map<String, Set<String>> seen = new TreeMap<>();
        for (String k : List.of("deployments", "models", "replicas", "gpus", "nodes")) {
            seen.put(k, new TreeSet<>());
        }
        for (StoreNames.Metrics m : StoreNames.Metrics.values()) {
            Map<String, ObjectNode> byGroup = new TreeMap<>();
            try (KeyValueIterator<String, byte[]> it = stores.keyValue(m.latestStore()).all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    JsonNode r = Json.parse(kv.value);
                    String group = StoreNames.groupOf(kv.key);
                    ObjectNode g = byGroup.computeIfAbsent(group, x -> newGroup(group, r));
                    ((ArrayNode) g.get("windows")).add(StoreNames.windowOf(kv.key));
                    collect(seen, r);
                }
            }
            out.putArray(m.shortName()).addAll(byGroup.values());
        }
        seen.forEach((k, v) -> v.forEach(out.withArray(k)::add));
        return out;
    }

    private static ObjectNode newGroup(String group, JsonNode r) {
        ObjectNode g = Json.MAPPER.createObjectNode().put("group", group);
        if (r.hasNonNull("scope")) {
            g.put("scope", r.get("scope").asText());
        }
        g.set("labels", r.path("labels").deepCopy());
        if (r.hasNonNull("gpu_uuid")) {
            g.put("gpu_uuid", r.get("gpu_uuid").asText());
        }
        g.putArray("windows");
        return g;
    }

    private static void collect(Map<String, Set<String>> seen, JsonNode r) {
        JsonNode labels = r.path("labels");
        addText(seen.get("deployments"), labels.path("deployment"));
        addText(seen.get("models"), labels.path("model"));
        addText(seen.get("replicas"), labels.path("replica"));
        addText(seen.get("nodes"), labels.path("node"));
        addText(seen.get("gpus"), r.path("gpu_uuid"));
    }

    private static void addText(Set<String> set, JsonNode node) {
        if (node.isTextual() && !node.textValue().isEmpty()) {
            set.add(node.textValue());
        }
    }

    /** Alerts: {@code active} (firing) or {@code recent} (resolved, still kept), newest first. */
    public ArrayNode alerts(String state) {
        String wanted =
                switch (state) {
                    case "active" -> "firing";
                    case "recent" -> "resolved";
                    default -> throw new IllegalArgumentException("state must be active or recent");
                };
        List<JsonNode> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = stores.keyValue(StoreNames.ALERTS).all()) {
            while (it.hasNext()) {
                JsonNode a = Json.parse(it.next().value);
                if (wanted.equals(a.path("status").asText())) {
                    out.add(a);
                }
            }
        }
        out.sort(
                (a, b) ->
                        Long.compare(
                                b.path("updated_at_ms").asLong(),
                                a.path("updated_at_ms").asLong()));
        return Json.MAPPER.createArrayNode().addAll(out);
    }

    /**
     * Recent Kubernetes events of a deployment, newest first: {@code namespace/deployment} exactly,
     * or a bare deployment name in any namespace.
     */
    public ArrayNode events(String deployment, int limit) {
        List<JsonNode> out = new ArrayList<>();
        boolean qualified = deployment.contains("/");
        try (KeyValueIterator<String, byte[]> it =
                qualified
                        ? stores.keyValue(StoreNames.EVENTS)
                                .prefixScan(
                                        deployment + "|",
                                        new org.apache.kafka.common.serialization
                                                .StringSerializer())
                        : stores.keyValue(StoreNames.EVENTS).all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String dep = kv.key.substring(0, kv.key.indexOf('|'));
                if (qualified || dep.endsWith("/" + deployment)) {
                    out.add(Json.parse(kv.value));
                }
            }
        }
        out.sort((a, b) -> Long.compare(eventTs(b), eventTs(a)));
        return Json.MAPPER.createArrayNode().addAll(out.subList(0, Math.min(limit, out.size())));
    }

    static long eventTs(JsonNode r) {
        JsonNode last = r.path("event").path("last_ms");
        return last.isNumber() ? last.asLong() : r.path("ts_ms").asLong();
    }

    /** The newest window of every group of {@code m} (for {@code /metrics}). */
    public List<JsonNode> latest(StoreNames.Metrics m, int windowS) {
        List<JsonNode> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = stores.keyValue(m.latestStore()).all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (StoreNames.windowOf(kv.key) == windowS) {
                    out.add(Json.parse(kv.value));
                }
            }
        }
        return out;
    }

    private List<JsonNode> windows(
            StoreNames.Metrics m, String group, int windowS, long from, long to) {
        List<JsonNode> out = new ArrayList<>();
        if (to <= from) {
            return out;
        }
        String key = StoreNames.windowKey(group, windowS);
        try (WindowStoreIterator<byte[]> it =
                stores.window(m.windowStore(windowS))
                        .fetch(key, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to - 1))) {
            while (it.hasNext()) {
                out.add(Json.parse(it.next().value));
            }
        }
        return out;
    }
}
