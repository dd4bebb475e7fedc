package io.inferscope.local;

import io.inferscope.collector.gateway.GatewayCommand;
import io.inferscope.console.ConsoleCommand;
import io.inferscope.logsearch.LogsCommand;
import io.inferscope.notifier.NotifyCommand;
import io.inferscope.simulator.LoadCommand;
import io.inferscope.simulator.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code inferscope} command line. Subcommands: {@code kafka} (run a broker with the topics),
 * {@code topics} (list them), {@code tail} (print decoded records), {@code produce} (publish golden
 * examples), {@code demo} (the whole system with a simulated fleet, GPUs and cluster), {@code
 * simulate}, {@code load}, {@code gateway}, {@code collect gpu|kubernetes} (the real collectors).
 * Every command that talks to Kafka defaults to {@code localhost:9092} and accepts {@code
 * --kafka-config FILE}.
 */
@Command(
        name = "inferscope",
        mixinStandardHelpOptions = true,
        version = "inferscope 0.1.0",
        description = "Streaming observability for LLM inference: local tools.",
        subcommands = {
            KafkaCommand.class,
            TopicsCommand.class,
            TailCommand.class,
            ProduceCommand.class,
            DemoCommand.class,
            SimulateCommand.class,
            LoadCommand.class,
            GatewayCommand.class,
            CollectCommand.class,
            ConsoleCommand.class,
            NotifyCommand.class,
            LogsCommand.class,
            RulesCommand.class,
            CommandLine.HelpCommand.class
        })
public final class InferScopeCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new InferScopeCli()).execute(args));
    }

    /** {@code inferscope} alone prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
