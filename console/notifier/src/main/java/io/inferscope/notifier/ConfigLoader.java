package io.inferscope.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.inferscope.schemas.Alert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link NotifierConfig} from YAML (the format is in the module README). Unknown keys are
 * errors (a misspelt {@code routing_key} must not silently disable paging). {@code ${NAME}} in any
 * string is replaced by that environment variable; an unset one is an error naming the variable.
 */
public final class ConfigLoader {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> TOP =
            Set.of(
                    "group_id",
                    "state_dir",
                    "max_age",
                    "dedup_retention",
                    "console_url",
                    "retry",
                    "targets");
    private static final Set<String> TARGET =
            Set.of(
                    "name",
                    "type",
                    "url",
                    "routing_key",
                    "secret",
                    "headers",
                    "filter",
                    "dedup",
                    "timeout");

    private final Function<String, String> env;

    private ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** Reads the file, resolving {@code ${VAR}} from the process environment. */
    public static NotifierConfig load(Path file) {
        return load(file, System::getenv);
    }

    public static NotifierConfig load(Path file, Function<String, String> env) {
        try {
            return parse(Files.readString(file), env);
        } catch (IOException e) {
            throw new ConfigException("cannot read notifier config " + file + ": " + e);
        }
    }

    public static NotifierConfig parse(String yaml, Function<String, String> env) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending source line, which may hold a secret.
            throw new ConfigException(
                    "notifier config is not valid YAML (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("notifier config must be a YAML mapping");
        }
        return new ConfigLoader(env).config(root);
    }

    private NotifierConfig config(JsonNode root) {
        keys("", root, TOP);
        JsonNode targetsNode = root.path("targets");
        if (!targetsNode.isArray() || targetsNode.isEmpty()) {
            throw new ConfigException("targets: a non-empty list is required");
        }
        List<TargetConfig> targets = new ArrayList<>();
        for (int i = 0; i < targetsNode.size(); i++) {
            targets.add(target("targets[" + i + "]", targetsNode.get(i)));
        }
        String stateDir = text("state_dir", root.get("state_dir"));
        return new NotifierConfig(
                text("group_id", root.get("group_id")),
                stateDir == null ? null : home(stateDir),
                duration("max_age", root.get("max_age")),
                duration("dedup_retention", root.get("dedup_retention")),
                text("console_url", root.get("console_url")),
                retry(root.get("retry")),
                targets);
    }

    private TargetConfig target(String where, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException(where + ": must be a mapping");
        }
        keys(where + ".", node, TARGET);
        String name = text(where + ".name", node.get("name"));
        String typeText = text(where + ".type", node.get("type"));
        if (name == null || typeText == null) {
            throw new ConfigException(where + ": name and type are required");
        }
        TargetType type = TargetType.parse(where + ".type", typeText);
        Map<String, Secret> headers = new LinkedHashMap<>();
        JsonNode h = node.get("headers");
        if (h != null) {
            if (!h.isObject()) {
                throw new ConfigException(where + ".headers: must be a mapping");
            }
            h.fields()
                    .forEachRemaining(
                            e ->
                                    headers.put(
                                            e.getKey(),
                                            Secret.of(
                                                    text(
                                                            where + ".headers." + e.getKey(),
                                                            e.getValue()))));
        }
        JsonNode dedup = node.get("dedup");
        if (dedup != null && !dedup.isBoolean()) {
            throw new ConfigException(where + ".dedup: must be true or false");
        }
        try {
            return new TargetConfig(
                    name,
                    type,
                    text(where + ".url", node.get("url")),
                    Secret.of(text(where + ".routing_key", node.get("routing_key"))),
                    Secret.of(text(where + ".secret", node.get("secret"))),
                    headers,
                    filter(where + ".filter", node.get("filter")),
                    dedup == null ? type.dedupByDefault() : dedup.booleanValue(),
                    duration(where + ".timeout", node.get("timeout")));
        } catch (ConfigException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    private Filter filter(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return Filter.ALL;
        }
        keys(where + ".", node, Set.of("severities", "labels"));
        Set<Alert.Severity> severities = new HashSet<>();
        JsonNode sev = node.get("severities");
        if (sev != null) {
            if (!sev.isArray()) {
                throw new ConfigException(where + ".severities: must be a list");
            }
            for (JsonNode s : sev) {
                String v = text(where + ".severities", s).toLowerCase(Locale.ROOT);
                severities.add(
                        Arrays.stream(Alert.Severity.values())
                                .filter(x -> x.wire().equals(v))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new ConfigException(
                                                        where
                                                                + ".severities: unknown '"
                                                                + v
                                                                + "' (critical, warning, info)")));
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode l = node.get("labels");
        if (l != null) {
            if (!l.isObject()) {
                throw new ConfigException(where + ".labels: must be a mapping");
            }
            l.fields()
                    .forEachRemaining(
                            e ->
                                    labels.put(
                                            e.getKey(),
                                            text(where + ".labels." + e.getKey(), e.getValue())));
        }
        return new Filter(severities, labels);
    }

    private RetryPolicy retry(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        keys("retry.", node, Set.of("base", "max", "attempts"));
        RetryPolicy d = RetryPolicy.DEFAULT;
        Duration base = duration("retry.base", node.get("base"));
        Duration max = duration("retry.max", node.get("max"));
        JsonNode attempts = node.get("attempts");
        if (attempts != null && !attempts.canConvertToInt()) {
            throw new ConfigException("retry.attempts: must be an integer");
        }
        return new RetryPolicy(
                base == null ? d.base() : base,
                max == null ? d.max() : max,
                attempts == null ? d.attempts() : attempts.intValue());
    }

    private Duration duration(String where, JsonNode node) {
        String t = text(where, node);
        return t == null ? null : Durations.parse(where, t);
    }

    private String text(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new ConfigException(where + ": must be a single value");
        }
        return resolve(where, node.asText());
    }

    private String resolve(String where, String value) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) {
                throw new ConfigException(
                        where + ": environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void keys(String where, JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            throw new ConfigException(
                    (where.isEmpty() ? "config" : where.substring(0, where.length() - 1))
                            + ": must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new ConfigException(
                        where
                                + k
                                + ": unknown key (allowed: "
                                + String.join(", ", sorted(allowed))
                                + ")");
            }
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static Path home(String dir) {
        return dir.startsWith("~/")
                ? Path.of(System.getProperty("user.home"), dir.substring(2))
                : Path.of(dir);
    }
}
