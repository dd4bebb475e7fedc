package io.inferscope.jobs.alerts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.inferscope.schemas.AlertRule;
import io.inferscope.schemas.Codecs;
import io.inferscope.schemas.DecodeException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rules from YAML or JSON text (JSON is YAML): a rules file ({@code rules:} followed by a
 * list, or a bare list) or one rule (a value of the rules topic). Each rule is turned into JSON and
 * decoded by the contract codec, so files and topic values get the same checks and the same error
 * paths ({@code $.tiers[0].factor: must be > 0}); unknown fields are refused here (the codec
 * ignores them for additive evolution, but in a hand-written rule they are typos).
 */
final class RuleParser {
    private static final YAMLMapper YAML = newYaml();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RULE_FIELDS = fields(AlertRule.class);
    private static final Set<String> CONDITION_FIELDS = fields(AlertRule.Condition.class);
    private static final Set<String> TIER_FIELDS = fields(AlertRule.Tier.class);

    private RuleParser() {}

    /** One rule of a file: the rule, or why it was refused. */
    record Parsed(String name, AlertRule rule, String reason) {
        boolean ok() {
            return rule != null;
        }
    }

    /**
     * The rules of a file. A file that is not YAML, or not a list of rules, fails as a whole
     * ({@link InvalidRuleException}); a bad rule in it is refused alone.
     */
    static List<Parsed> parseFile(String text) {
        JsonNode root = tree(text);
        JsonNode list = root.isObject() ? root.get("rules") : root;
        if (list == null || !list.isArray()) {
            throw new InvalidRuleException("$", "a rules file is 'rules:' followed by a list");
        }
        List<Parsed> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String name = node.path("name").isTextual() ? node.get("name").asText() : "#" + i;
            try {
                AlertRule rule = decode(node);
                if (!seen.add(rule.name())) {
                    throw new InvalidRuleException("$.name", "duplicate rule name " + name);
                }
                out.add(new Parsed(name, rule, null));
            } catch (InvalidRuleException e) {
                out.add(new Parsed(name, null, "rules[" + i + "] " + e.getMessage()));
            }
        }
        return out;
    }

    /** One rule from YAML or JSON text. */
    static AlertRule parseOne(String text) {
        return decode(tree(text));
    }

    private static JsonNode tree(String text) {
        try {
            JsonNode node = YAML.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidRuleException("$", "empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidRuleException(
                    "$", "not valid YAML or JSON: " + e.getOriginalMessage() + location(e));
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line "
                        + e.getLocation().getLineNr()
                        + ", column "
                        + e.getLocation().getColumnNr()
                        + ")";
    }

    private static AlertRule decode(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidRuleException("$", "a rule is a mapping of fields");
        }
        unknown(node, RULE_FIELDS, "$");
        unknownInList(node.get("conditions"), CONDITION_FIELDS, "$.conditions");
        unknownInList(node.get("tiers"), TIER_FIELDS, "$.tiers");
        try {
            return Codecs.of(AlertRule.class).decode(JSON.writeValueAsBytes(node));
        } catch (DecodeException e) {
            throw new InvalidRuleException(e.path().isEmpty() ? "$" : e.path(), e.reason());
        } catch (JsonProcessingException e) {
            throw new InvalidRuleException("$", e.getOriginalMessage());
        }
    }

    private static void unknownInList(JsonNode list, Set<String> known, String at) {
        if (list != null && list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isObject()) {
                    unknown(list.get(i), known, at + "[" + i + "]");
                }
            }
        }
    }

    private static void unknown(JsonNode node, Set<String> known, String at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!known.contains(field)) {
                throw new InvalidRuleException(
                        at + "." + field, "unknown field (known: " + known + ")");
            }
        }
    }

    private static Set<String> fields(Class<?> record) {
        Set<String> out = new LinkedHashSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            var explicit =
                    c.getAccessor()
                            .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            out.add(
                    explicit != null && !explicit.value().isEmpty()
                            ? explicit.value()
                            : PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(
                                    c.getName()));
        }
        return out;
    }

    private static YAMLMapper newYaml() {
        YAMLMapper yaml = new YAMLMapper();
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return yaml;
    }
}
