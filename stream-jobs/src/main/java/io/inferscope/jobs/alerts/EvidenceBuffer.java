package io.inferscope.jobs.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inferscope.schemas.Alert;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.LogLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The recent Kubernetes events and error log lines of one deployment, newest kept, bounded: what an
 * alert of that deployment carries as evidence ("metrics say what, events say why").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class EvidenceBuffer {
    static final int MAX_MESSAGE = 1000;

    public List<Item> events = new ArrayList<>();
    public List<Item> logs = new ArrayList<>();

    public EvidenceBuffer() {}

    /** One event or log line and when the job saw it (processing time, for expiry). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Item {
        public long tsMs;
        public String source;
        public String reason;
        public String message;
        public String object;
        public boolean warning;
        public long seenWall;

        public Item() {}

        Alert.Evidence toEvidence() {
            return new Alert.Evidence(tsMs, source, reason, message, object);
        }
    }

    void add(K8sRecord r, long now, int max) {
        K8sRecord.Event e = r.event();
        Item i = new Item();
        i.tsMs = e.lastMs() != null ? e.lastMs() : r.tsMs();
        i.source = "k8s_event";
        i.reason = e.reason();
        i.message = cap(e.message());
        i.object =
                e.involvedKind() == null
                        ? e.involvedName()
                        : e.involvedKind().toLowerCase(java.util.Locale.ROOT)
                                + "/"
                                + e.involvedName();
        i.warning = e.isWarning();
        i.seenWall = now;
        insert(events, i, 2 * max);
    }

    void add(LogLine l, long now, int max) {
        Item i = new Item();
        i.tsMs = l.tsMs();
        i.source = "log";
        i.reason = l.level().wire();
        i.message = cap(l.message());
        String pod = l.labels().replica();
        i.object =
                "pod/"
                        + (pod == null ? "-" : pod)
                        + (l.container() == null ? "" : "/" + l.container());
        i.warning = true;
        i.seenWall = now;
        insert(logs, i, max);
    }

    /** Up to {@code max} events (Warning first, newest first), then up to 3 error lines. */
    List<Alert.Evidence> select(int max) {
        List<Alert.Evidence> out = new ArrayList<>();
        events.stream()
                .sorted(Comparator.comparing((Item i) -> !i.warning).thenComparing(i -> -i.tsMs))
                .limit(max)
                .forEach(i -> out.add(i.toEvidence()));
        logs.stream()
                .sorted(Comparator.comparing(i -> -i.tsMs))
                .limit(Math.min(3, max))
                .forEach(i -> out.add(i.toEvidence()));
        return out;
    }

    /** Drops what the job saw before {@code oldestWall}; true when nothing is left. */
    boolean expire(long oldestWall) {
        events.removeIf(i -> i.seenWall < oldestWall);
        logs.removeIf(i -> i.seenWall < oldestWall);
        return events.isEmpty() && logs.isEmpty();
    }

    private static void insert(List<Item> list, Item item, int max) {
        list.add(item);
        list.sort(Comparator.comparingLong(i -> i.tsMs));
        while (list.size() > max) {
            list.remove(0);
        }
    }

    private static String cap(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
