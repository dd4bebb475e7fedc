package io.inferscope.logsearch;

import picocli.CommandLine.Command;

/** {@code inferscope logs}: the group of log commands ({@code search}). */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Container logs kept by the console's log store.",
        subcommands = {LogsSearchCommand.class})
public final class LogsCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
