package io.inferscope.jobs.alerts;

import io.inferscope.jobs.common.JobConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert job's own options, beside {@link JobConfig}'s ({@code --name value} or {@code
 * --name=value}):
 *
 * <ul>
 *   <li>{@code --rules FILE} the initial rules (YAML); default the bundled {@code
 *       alerts/default-rules.yaml}; {@code none} for no initial rules. Rules on the rules topic
 *       override or delete them by name.
 *   <li>{@code --rules-topic} the rules topic (default {@code inferscope.alerts.rules}).
 *   <li>{@code --resend-every} firing alerts are re-emitted this often (default {@code 60s}).
 *   <li>{@code --tick} how often absence, event windows, re-sends and idle groups are checked
 *       (processing time; default {@code 5s}).
 *   <li>{@code --stale-after} a firing threshold or composite alert whose group gets no record for
 *       this long resolves, and an idle group is forgotten (default {@code 5m}).
 *   <li>{@code --forget-after} absence and burn-rate groups are forgotten after this long without a
 *       record (a firing one resolves then; default {@code 1h}).
 *   <li>{@code --evidence-max-age} events and error lines older than this (processing time) are
 *       dropped from evidence (default {@code 15m}).
 *   <li>{@code --max-evidence} events per alert (default 5; plus up to 3 error log lines).
 * </ul>
 */
public record AlertOptions(
        String rulesFile,
        String rulesTopic,
        Duration resendEvery,
        Duration tick,
        Duration staleAfter,
        Duration forgetAfter,
        Duration evidenceMaxAge,
        int maxEvidence)
        implements Serializable {

    public static final String DEFAULT_RULES_RESOURCE = "alerts/default-rules.yaml";
    public static final String NO_RULES = "none";

    public AlertOptions {
        for (Duration d : List.of(resendEvery, tick, staleAfter, forgetAfter, evidenceMaxAge)) {
            if (d.toMillis() <= 0) {
                throw new IllegalArgumentException("alert durations must be > 0");
            }
        }
        if (maxEvidence < 0) {
            throw new IllegalArgumentException("max-evidence must be >= 0");
        }
    }

    public static AlertOptions defaults() {
        return new AlertOptions(
                null,
                io.inferscope.schemas.Topics.ALERT_RULES.name(),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                Duration.ofMinutes(15),
                5);
    }

    public AlertOptions withRulesFile(String file) {
        return new AlertOptions(
                file,
                rulesTopic,
                resendEvery,
                tick,
                staleAfter,
                forgetAfter,
                evidenceMaxAge,
                maxEvidence);
    }

    public AlertOptions withTiming(
            Duration resend, Duration tickEvery, Duration stale, Duration forget) {
        return new AlertOptions(
                rulesFile,
                rulesTopic,
                resend,
                tickEvery,
                stale,
                forget,
                evidenceMaxAge,
                maxEvidence);
    }

    public AlertOptions withRulesTopic(String topic) {
        return new AlertOptions(
                rulesFile,
                topic,
                resendEvery,
                tick,
                staleAfter,
                forgetAfter,
                evidenceMaxAge,
                maxEvidence);
    }

    /** Takes this job's options out of {@code args}; the rest go to {@link JobConfig#fromArgs}. */
    public static Parsed parse(String[] args) {
        AlertOptions o = defaults();
        List<String> rest = new ArrayList<>();
        String file = o.rulesFile;
        String topic = o.rulesTopic;
        Duration resend = o.resendEvery;
        Duration tick = o.tick;
        Duration stale = o.staleAfter;
        Duration forget = o.forgetAfter;
        Duration age = o.evidenceMaxAge;
        int max = o.maxEvidence;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") ? a.substring(2) : a;
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            boolean ours =
                    List.of(
                                    "rules",
                                    "rules-topic",
                                    "resend-every",
                                    "tick",
                                    "stale-after",
                                    "forget-after",
                                    "evidence-max-age",
                                    "max-evidence")
                            .contains(name);
            if (!ours || !a.startsWith("--")) {
                rest.add(a);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                value = args[++i];
            }
            switch (name) {
                case "rules" -> file = value;
                case "rules-topic" -> topic = value;
                case "resend-every" -> resend = duration(value);
                case "tick" -> tick = duration(value);
                case "stale-after" -> stale = duration(value);
                case "forget-after" -> forget = duration(value);
                case "evidence-max-age" -> age = duration(value);
                default -> max = Integer.parseInt(value);
            }
        }
        return new Parsed(
                new AlertOptions(file, topic, resend, tick, stale, forget, age, max),
                rest.toArray(String[]::new));
    }

    private static Duration duration(String text) {
        return Duration.ofMillis(Durations.ms(text.trim(), 0));
    }

    /** The alert options and the arguments left for {@link JobConfig}. */
    public record Parsed(AlertOptions options, String[] jobArgs) {}
}
