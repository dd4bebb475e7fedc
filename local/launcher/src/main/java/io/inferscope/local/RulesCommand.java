package io.inferscope.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.RuleStatus;
import io.inferscope.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inferscope rules apply FILE} and {@code inferscope rules delete NAME...}: change the
 * running alert job's rules without a restart. Each rule of a rules YAML file is published on
 * {@code inferscope.alerts.rules} keyed by its name (a delete is a tombstone); then the command
 * waits for the job's verdict on {@code inferscope.alerts.rules.status} and prints it: accepted,
 * rejected with the reason, or deleted. Validation is the job's: it is the one that runs the rules.
 * Exit code 1 when a rule is rejected or no verdict came within {@code --wait}.
 */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Change the alert job's rules at run time.",
        subcommands = {RulesCommand.Apply.class, RulesCommand.Delete.class})
public final class RulesCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Publishes rules (name → JSON text, or a tombstone) and prints the job's verdicts. */
    abstract static class Change extends BaseCommand {
        @Mixin KafkaOptions kafka;

        @Option(
                names = "--wait",
                defaultValue = "30s",
                converter = io.inferscope.simulator.Durations.Converter.class,
                description = "How long to wait for the alert job's verdicts (default: 30s).")
        Duration wait;

        int publishAndReport(Map<String, byte[]> changes) throws Exception {
            kafka.requireReachable();
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps())) {
                // Verdicts are read from where the status topic ends *before* the changes go out:
                // a verdict already there (e.g. the "accepted" of a rule applied a moment ago) is
                // never taken for the verdict of this change.
                List<TopicPartition> parts = new ArrayList<>();
                c.partitionsFor(Topics.ALERT_RULES_STATUS.name())
                        .forEach(pi -> parts.add(new TopicPartition(pi.topic(), pi.partition())));
                c.assign(parts);
                c.endOffsets(parts).forEach(c::seek);
                try (KafkaProducer<byte[], byte[]> p =
                        new KafkaProducer<>(kafka.producerProperties("inferscope-rules"))) {
                    for (Map.Entry<String, byte[]> change : changes.entrySet()) {
                        kafka.sendOrFail(
                                p,
                                new ProducerRecord<>(
                                        Topics.ALERT_RULES.name(),
                                        change.getKey().getBytes(StandardCharsets.UTF_8),
                                        change.getValue()));
                    }
                }
                out().printf(
                                "Published %d rule change(s) to %s%n",
                                changes.size(), Topics.ALERT_RULES.name());
                out().flush();
                return report(c, changes);
            }
        }

        /** Prints the first verdict of the kind each change calls for: deleted for a tombstone. */
        private int report(KafkaConsumer<byte[], byte[]> c, Map<String, byte[]> changes) {
            Set<String> pending = new LinkedHashSet<>(changes.keySet());
            boolean rejected = false;
            long deadline = System.nanoTime() + wait.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                    RuleStatus s;
                    try {
                        s = Topics.ALERT_RULES_STATUS.codec().decode(r.value());
                    } catch (DecodeException e) {
                        continue;
                    }
                    boolean delete = changes.get(s.rule()) == null;
                    boolean answers =
                            pending.contains(s.rule())
                                    && (s.status() == RuleStatus.Status.DELETED) == delete;
                    if (!answers) {
                        continue; // another rule's, or the verdict on an earlier change
                    }
                    pending.remove(s.rule());
                    rejected |= s.status() == RuleStatus.Status.REJECTED;
                    out().printf(
                                    "  %-32s %s%s%n",
                                    s.rule(),
                                    s.status().wire(),
                                    s.reason() == null ? "" : ": " + s.reason());
                    out().flush();
                }
            }
            for (String name : pending) {
                out().printf(
                                "  %-32s no verdict within %s (is the alert job running?)%n",
                                name, wait);
            }
            return rejected || !pending.isEmpty() ? 1 : 0;
        }

        private Properties consumerProps() {
            Properties p = new Properties();
            p.putAll(kafka.clientProperties());
            p.put("isolation.level", "read_committed");
            p.put("enable.auto.commit", "false");
            p.put("key.deserializer", ByteArrayDeserializer.class.getName());
            p.put("value.deserializer", ByteArrayDeserializer.class.getName());
            return p;
        }
    }

    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description = "Add or replace the rules of a rules YAML file (rules: [...]).")
    static final class Apply extends Change {
        @Parameters(index = "0", paramLabel = "FILE", description = "Rules YAML file.")
        Path file;

        @Override
        protected int run() throws Exception {
            return publishAndReport(read(file));
        }

        /** name → the rule as JSON text, in file order; a rule without a name is a usage error. */
        static Map<String, byte[]> read(Path file) {
            JsonNode root;
            try {
                root = new YAMLMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new CliException(
                        CliException.USAGE, "cannot read " + file + ": " + e.getMessage());
            }
            JsonNode rules = root == null ? null : root.get("rules");
            if (rules == null || !rules.isArray() || rules.isEmpty()) {
                throw new CliException(
                        CliException.USAGE, file + ": expected a non-empty 'rules:' list");
            }
            ObjectMapper json = new ObjectMapper();
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                JsonNode name = rules.get(i).get("name");
                if (name == null || !name.isTextual() || name.asText().isBlank()) {
                    throw new CliException(
                            CliException.USAGE, file + ": rules[" + i + "] has no name");
                }
                try {
                    out.put(name.asText(), json.writeValueAsBytes(rules.get(i)));
                } catch (IOException e) {
                    throw new CliException(CliException.FAILURE, e.getMessage());
                }
            }
            return out;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete rules by name (a tombstone on the rules topic).")
    static final class Delete extends Change {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Rule names.")
        List<String> names;

        @Override
        protected int run() throws Exception {
            Map<String, byte[]> tombstones = new LinkedHashMap<>();
            names.forEach(n -> tombstones.put(n, null));
            return publishAndReport(tombstones);
        }
    }
}
