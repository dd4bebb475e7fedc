package io.inferscope.notifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the notifiers (one YAML file, read by {@link ConfigLoader}). Options (YAML keys in
 * brackets):
 *
 * <ul>
 *   <li>{@code groupId} [group_id]: Kafka consumer group (default {@value #DEFAULT_GROUP_ID}); the
 *       committed offsets are the notifier's progress.
 *   <li>{@code stateDir} [state_dir]: where the dedup state file ({@value DedupState#FILE_NAME})
 *       lives; null keeps it in memory only (a restart may then repeat the last page once).
 *   <li>{@code maxAge} [max_age]: records whose {@code updated_at_ms} is older than this when read
 *       are skipped (default 15 min; 0 = never): a new group reading the topic from the start must
 *       not page for last week's incidents.
 *   <li>{@code dedupRetention} [dedup_retention]: how long a fingerprint's last delivered state is
 *       remembered (default 7 days).
 *   <li>{@code consoleUrl} [console_url]: link sent as Alertmanager {@code generatorURL} and
 *       PagerDuty {@code client_url} (default none).
 *   <li>{@code retry} [retry: base, max, attempts]: see {@link RetryPolicy}.
 *   <li>{@code targets} [targets]: see {@link TargetConfig}; names are unique.
 * </ul>
 */
public record NotifierConfig(
        String groupId,
        Path stateDir,
        Duration maxAge,
        Duration dedupRetention,
        String consoleUrl,
        RetryPolicy retry,
        List<TargetConfig> targets) {

    public static final String DEFAULT_GROUP_ID = "inferscope-notifier";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(7);

    public NotifierConfig {
        groupId = groupId == null ? DEFAULT_GROUP_ID : groupId;
        maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
        dedupRetention = dedupRetention == null ? DEFAULT_DEDUP_RETENTION : dedupRetention;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        Set<String> names = new HashSet<>();
        for (TargetConfig t : targets) {
            if (!names.add(t.name())) {
                throw new ConfigException("duplicate target name '" + t.name() + "'");
            }
        }
    }

    public static NotifierConfig of(List<TargetConfig> targets) {
        return new NotifierConfig(null, null, null, null, null, null, targets);
    }

    public NotifierConfig withStateDir(Path dir) {
        return new NotifierConfig(groupId, dir, maxAge, dedupRetention, consoleUrl, retry, targets);
    }

    public NotifierConfig withGroupId(String id) {
        return new NotifierConfig(id, stateDir, maxAge, dedupRetention, consoleUrl, retry, targets);
    }

    public NotifierConfig withRetry(RetryPolicy r) {
        return new NotifierConfig(
                groupId, stateDir, maxAge, dedupRetention, consoleUrl, r, targets);
    }
}
