package io.inferscope.bench.footprint;

import io.inferscope.collector.gpu.CollectGpuCommand;
import io.inferscope.collector.kubernetes.CollectKubernetesCommand;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The child JVM's main: one collector command exactly as {@code inferscope collect gpu|kubernetes}
 * runs it, without the launcher's other commands on the path. {@code FootprintMain gpu --interval
 * 1s ...} or {@code FootprintMain kubernetes --kubeconfig FILE ...}; exits with the command's code.
 */
public final class FootprintMain {
    private FootprintMain() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: FootprintMain gpu|kubernetes [collector options]");
            System.exit(2);
        }
        Object command =
                switch (args[0]) {
                    case "gpu" -> new CollectGpuCommand();
                    case "kubernetes" -> new CollectKubernetesCommand();
                    default -> throw new IllegalArgumentException("unknown collector " + args[0]);
                };
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        System.exit(new CommandLine(command).execute(rest));
    }
}
