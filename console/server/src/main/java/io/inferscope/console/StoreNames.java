package io.inferscope.console;

import io.inferscope.schemas.TopicSpec;
import io.inferscope.schemas.Topics;
import java.util.List;
import java.util.Locale;

/**
 * The names of the console's state stores and the shape of their keys (see README, "Stores").
 *
 * <p>Per derived topic ({@code requests}, {@code gpu}, {@code cluster}) there are three stores:
 * {@code <topic>-fine} and {@code <topic>-coarse}, window stores keyed {@code group|window_s} with
 * the window start as the store timestamp (windows under 60 s in the first, kept for {@code
 * fineRetention}; longer ones in the second, kept for {@code coarseRetention}); and {@code
 * <topic>-latest}, a key-value store holding the newest window per {@code group|window_s}.
 */
public final class StoreNames {
    /** Windows shorter than this go to the fine store, the others to the coarse store. */
    public static final int COARSE_FROM_S = 60;

    public static final String ALERTS = "console-alerts";
    public static final String EVENTS = "console-events";

    /** The derived metric topics the console materializes, by their short name. */
    public enum Metrics {
        REQUESTS(Topics.METRICS_REQUESTS),
        GPU(Topics.METRICS_GPU),
        CLUSTER(Topics.METRICS_CLUSTER);

        private final TopicSpec<?> topic;

        Metrics(TopicSpec<?> topic) {
            this.topic = topic;
        }

        public TopicSpec<?> topic() {
            return topic;
        }

        public String shortName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String fineStore() {
            return "console-" + shortName() + "-fine";
        }

        public String coarseStore() {
            return "console-" + shortName() + "-coarse";
        }

        public String latestStore() {
            return "console-" + shortName() + "-latest";
        }

        public String windowStore(int windowS) {
            return windowS < COARSE_FROM_S ? fineStore() : coarseStore();
        }

        public static Metrics of(String shortName) {
            for (Metrics m : values()) {
                if (m.shortName().equals(shortName)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    "unknown topic '" + shortName + "' (one of requests, gpu, cluster)");
        }
    }

    private StoreNames() {}

    /** Key of the window and latest stores. */
    public static String windowKey(String group, int windowS) {
        return group + "|" + windowS;
    }

    /** The group part of a {@link #windowKey}. */
    public static String groupOf(String windowKey) {
        return windowKey.substring(0, windowKey.lastIndexOf('|'));
    }

    /** The window length part of a {@link #windowKey}. */
    public static int windowOf(String windowKey) {
        return Integer.parseInt(windowKey.substring(windowKey.lastIndexOf('|') + 1));
    }

    /**
     * Key of the events store: {@code deployment|ts (zero-padded)|uid}, so a prefix scan over
     * {@code deployment|} returns one deployment's events oldest first.
     */
    public static String eventKey(String deployment, long tsMs, String uid) {
        return deployment + "|" + String.format(Locale.ROOT, "%015d", tsMs) + "|" + uid;
    }

    public static List<String> all() {
        List<String> names = new java.util.ArrayList<>();
        for (Metrics m : Metrics.values()) {
            names.addAll(List.of(m.fineStore(), m.coarseStore(), m.latestStore()));
        }
        names.add(ALERTS);
        names.add(EVENTS);
        return names;
    }
}
