package io.inferscope.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Checks a {@code flinkConfiguration} key against Flink's own option classes (the Flink version on
 * the class path, the one the jobs are built with): a key in a namespace these classes own must be
 * the current name of an option, not a deprecated fallback (Flink 2 renamed many, e.g. {@code
 * state.checkpoints.dir} is now {@code execution.checkpointing.dir}) and not a typo. Keys read by
 * the Flink Kubernetes Operator and the S3 plugin are not on this class path and pass by prefix.
 */
final class FlinkOptionKeys {
    private static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    CheckpointingOptions.class,
                    StateBackendOptions.class,
                    StateRecoveryOptions.class,
                    RestartStrategyOptions.class,
                    HighAvailabilityOptions.class,
                    TaskManagerOptions.class,
                    JobManagerOptions.class,
                    CoreOptions.class);
    private static final List<String> CHECKED_PREFIXES =
            List.of(
                    "execution.",
                    "state.",
                    "restart-strategy.",
                    "high-availability.",
                    "taskmanager.",
                    "jobmanager.",
                    "parallelism.");
    private static final List<String> OTHER_OWNERS = List.of("kubernetes.operator.", "s3.");

    private static final String DEPRECATED = "(a deprecated option: see Flink's release notes)";

    /** Current key, or a deprecated key mapped to its current name. */
    private static final Map<String, String> KEYS = load();

    private FlinkOptionKeys() {}

    /** Null when the key is fine, else what is wrong with it. */
    static String check(String key) {
        if (OTHER_OWNERS.stream().anyMatch(key::startsWith)) {
            return null;
        }
        if (CHECKED_PREFIXES.stream().noneMatch(key::startsWith)) {
            return "not a key this test knows the owner of (add its prefix if it is right)";
        }
        String current = KEYS.get(key);
        if (current == null) {
            return "no Flink option has this key";
        }
        if (current.equals(DEPRECATED)) {
            return DEPRECATED;
        }
        return current.equals(key) ? null : "deprecated: use " + current;
    }

    private static Map<String, String> load() {
        Map<String, String> keys = new HashMap<>();
        for (Class<?> c : OPTION_CLASSES) {
            for (Field f : c.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || f.getType() != ConfigOption.class) {
                    continue;
                }
                ConfigOption<?> option;
                try {
                    option = (ConfigOption<?>) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (f.isAnnotationPresent(Deprecated.class)) {
                    keys.putIfAbsent(option.key(), DEPRECATED);
                    continue;
                }
                keys.put(option.key(), option.key());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    keys.putIfAbsent(fallback.getKey(), option.key());
                }
            }
        }
        return keys;
    }
}
