package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KafkaCommandITCase {
    private static final Pattern READY =
            Pattern.compile("Kafka ready at (localhost:\\d+) \\((\\d+) topics\\) in [0-9.]+ s");

    @Test
    void startsABrokerWithTheCatalogAndStopsCleanlyOnRequest() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new InferScopeCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        KafkaCommand command = cli.getSubcommands().get("kafka").getCommand();

        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () -> cli.execute("kafka", "--port", "0", "--controller-port", "0"));
        Matcher ready = awaitReady(out, exit);

        assertThat(Integer.parseInt(ready.group(2))).isEqualTo(Topics.ALL.size());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ready.group(1)))) {
            Set<String> names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            Topics.ALL.forEach(t -> assertThat(names).contains(t.name()));
        }

        command.stop();
        assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("(temporary, deleted on exit", "Kafka stopped.");
    }

    private static Matcher awaitReady(StringWriter out, CompletableFuture<Integer> exit)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !exit.isDone()) {
            Matcher m = READY.matcher(out.toString());
            if (m.find()) {
                return m;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no ready line; exit " + exit.getNow(null) + ", out: " + out);
    }
}
