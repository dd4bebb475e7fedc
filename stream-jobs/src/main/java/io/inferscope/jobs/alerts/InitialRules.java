package io.inferscope.jobs.alerts;

import io.inferscope.schemas.RuleStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules a job starts with, read once when the job is built: the valid ones (name → canonical
 * JSON) and a status for every rule of the file. A file that cannot be read or is not YAML fails
 * the build with the reason; a bad rule in it is only rejected.
 */
public record InitialRules(Map<String, String> rules, List<RuleStatus> statuses)
        implements Serializable {

    public InitialRules {
        rules = Map.copyOf(rules);
        statuses = List.copyOf(statuses);
    }

    public static InitialRules none() {
        return new InitialRules(Map.of(), List.of());
    }

    /** The file named by {@code --rules}, the bundled defaults, or none. */
    public static InitialRules load(AlertOptions options, int defaultWindowS, long nowMs) {
        String file = options.rulesFile();
        if (AlertOptions.NO_RULES.equals(file)) {
            return none();
        }
        if (file == null) {
            return parse(
                    bundledDefaults(),
                    "resource " + AlertOptions.DEFAULT_RULES_RESOURCE,
                    defaultWindowS,
                    nowMs);
        }
        try {
            return parse(Files.readString(Path.of(file)), "file " + file, defaultWindowS, nowMs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules file " + file, e);
        }
    }

    /** Rules from YAML text; {@code source} names it in the statuses. */
    public static InitialRules parse(String yaml, String source, int defaultWindowS, long nowMs) {
        Map<String, String> rules = new LinkedHashMap<>();
        List<RuleStatus> statuses = new ArrayList<>();
        RuleCompiler compiler = new RuleCompiler(defaultWindowS);
        List<RuleParser.Parsed> parsed;
        try {
            parsed = RuleParser.parseFile(yaml);
        } catch (InvalidRuleException e) {
            throw new IllegalArgumentException("rules from " + source + ": " + e.getMessage(), e);
        }
        for (RuleParser.Parsed p : parsed) {
            String reason = p.reason();
            if (p.ok()) {
                try {
                    rules.put(p.name(), compiler.compile(p.rule()).json);
                } catch (InvalidRuleException e) {
                    reason = e.getMessage();
                }
            }
            statuses.add(
                    new RuleStatus(
                            nowMs,
                            p.name(),
                            reason == null
                                    ? RuleStatus.Status.ACCEPTED
                                    : RuleStatus.Status.REJECTED,
                            reason,
                            source));
        }
        return new InitialRules(rules, statuses);
    }

    /** The bundled {@code alerts/default-rules.yaml}. */
    public static String bundledDefaults() {
        try (InputStream in =
                InitialRules.class
                        .getClassLoader()
                        .getResourceAsStream(AlertOptions.DEFAULT_RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + AlertOptions.DEFAULT_RULES_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
