package io.inferscope.collector.kubernetes;

import picocli.CommandLine;

/**
 * The collector as its own process: {@code ./inferscope collect kubernetes ARGS} runs this class
 * with the JVM flags of {@code collectors/collector.jvm.options} and a class path of this module's
 * jar and {@code target/classpath.txt} (written at package time), so the process carries only this
 * module's classes and one logging binding (slf4j-simple), not the launcher's class path. Options
 * and exit codes: those of the picocli command it runs.
 */
public final class KubernetesCollectorMain {
    private KubernetesCollectorMain() {}

    public static void main(String[] args) {
        CommandLine cli =
                new CommandLine(new CollectKubernetesCommand())
                        .setCommandName("inferscope collect kubernetes");
        System.exit(cli.execute(args));
    }
}
