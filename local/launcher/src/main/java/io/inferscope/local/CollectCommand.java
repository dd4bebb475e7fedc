package io.inferscope.local;

import io.inferscope.collector.gpu.CollectGpuCommand;
import io.inferscope.collector.kubernetes.CollectKubernetesCommand;
import io.inferscope.collector.logs.CollectLogsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code inferscope collect SOURCE}: runs one of the real collectors against real hardware or a
 * real cluster, publishing to {@code --bootstrap} (default {@code localhost:9092}).
 */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description =
                "Run a collector: gpu (NVML), kubernetes (API server watches), logs (container log files).",
        subcommands = {
            CollectGpuCommand.class,
            CollectKubernetesCommand.class,
            CollectLogsCommand.class
        })
public final class CollectCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
